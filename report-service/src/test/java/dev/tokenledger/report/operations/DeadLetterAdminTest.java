package dev.tokenledger.report.operations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class DeadLetterAdminTest {

    @InjectTestInfra
    TestInfra infra;

    private static final Instant AT = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    private static String event(String id, String cost) {
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "globex", id, AT, AT, "openai", "gpt-4o-mini", "chat",
                "success", null, null, null, new Usage(1000, 200, 0, 0, 0, 0, Map.of()), null,
                new Attribution("replay-bot", "prod", null, null, null, null, null, null, Map.of()));
        return Json.write(UsagePriced.of(usage, Pricing.priced(Money.usd(cost), "3", "42", AT)));
    }

    private String dlq() {
        return infra.topic("usage.priced") + ".dlq";
    }

    @Test
    void aRefusedRecordIsListedForThePlatformAdminWithItsReasonAndItsConsumer() throws Exception {
        ObjectNode bad = (ObjectNode) Json.mapper().readTree(event("listed-refused", "1"));
        bad.remove("tenant_id");
        infra.kafka().send(infra.topic("usage.priced"), "globex", bad.toString());
        String olga = infra.tokens().platformAdmin();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(olga).when().get("/v1/admin/dead-letters/" + dlq() + "?limit=500").then().statusCode(200)
                        .body("items.value", hasItem(bad.toString())));
        JsonPath listing = given().auth().oauth2(olga).when().get("/v1/admin/dead-letters/" + dlq() + "?limit=500").then().extract().jsonPath();
        Map<String, Object> letter = listing.getMap("items.find { it.value.contains('listed-refused') }");
        assertEquals(infra.topic("usage.priced"), letter.get("source_topic"));
        assertEquals("report-service", letter.get("consumer"));
        assertEquals("globex", letter.get("key"));
        org.junit.jupiter.api.Assertions.assertNotNull(letter.get("reason"), "the reason is shown");

        given().auth().oauth2(olga).when().get("/v1/admin/dead-letters").then().statusCode(200)
                .body("topics.find { it.topic == '" + dlq() + "' }.held", greaterThanOrEqualTo(1))
                .body("topics.find { it.topic == '" + dlq() + "' }.source_topic", equalTo(infra.topic("usage.priced")));
    }

    @Test
    void aReplayedDeadLetterIsStoredOnceHoweverOftenItIsReplayed() throws Exception {
        // a record dead-lettered while its cause was present (the cause since fixed): it reads and stores now
        String value = event("replayed-1", "0.000123456789");
        infra.kafka().send(dlq(), "globex", value, Map.of("dead-letter-topic", infra.topic("usage.priced"), "dead-letter-partition", "0",
                "dead-letter-offset", "7", "dead-letter-reason", "the database refused it", "dead-letter-consumer", "report-service"));
        String olga = infra.tokens().platformAdmin();
        Map<String, Object> letter = await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(olga)
                .when().get("/v1/admin/dead-letters/" + dlq() + "?limit=500").then().statusCode(200).extract().jsonPath()
                .<String, Object>getMap("items.find { it.value.contains('replayed-1') }"), java.util.Objects::nonNull);
        String replay = "/v1/admin/dead-letters/" + dlq() + "/" + letter.get("partition") + "/" + letter.get("offset") + "/replay";

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(olga).when().post(replay).then().statusCode(200)
                    .body("replayed_to.topic", equalTo(infra.topic("usage.priced")))
                    .body("dead_letter", equalTo(dlq() + "/" + letter.get("partition") + "@" + letter.get("offset")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*), sum(cost) FROM report.usage_event WHERE event_id = 'replayed-1'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "stored once after two replays");
                assertEquals(0, new java.math.BigDecimal("0.000123456789").compareTo(rs.getBigDecimal(2)));
            }
        });
        var replayed = infra.kafka().read(infra.topic("usage.priced"), 2, Duration.ofSeconds(30), r -> r.value().contains("replayed-1"));
        assertEquals(2, replayed.size());
        assertEquals(dlq() + "/" + letter.get("partition") + "@" + letter.get("offset"),
                new String(replayed.get(0).headers().lastHeader("replayed-from").value()));
        given().auth().oauth2(olga).when().get("/v1/audit-log?object_type=dead-letter").then().statusCode(200)
                .body("entries.action", hasItem("replay"));
    }

    @Test
    void onlyThePlatformAdminSeesOrReplaysDeadLetters() {
        for (String user : List.of("alice", "bob")) {
            String token = infra.tokens().user(user);
            given().auth().oauth2(token).when().get("/v1/admin/dead-letters").then().statusCode(403);
            given().auth().oauth2(token).when().post("/v1/admin/dead-letters/" + dlq() + "/0/0/replay").then().statusCode(403);
        }
        given().when().get("/v1/admin/dead-letters").then().statusCode(401);
    }

    @Test
    void anUnknownTopicOrPlaceIsAProblemNamingIt() {
        String olga = infra.tokens().platformAdmin();
        given().auth().oauth2(olga).when().get("/v1/admin/dead-letters/usage.events.secret").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(olga).when().post("/v1/admin/dead-letters/" + dlq() + "/0/999999999/replay").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(olga).when().post("/v1/admin/dead-letters/" + dlq() + "/x/0/replay").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/partition"));
        given().auth().oauth2(olga).when().get("/v1/admin/dead-letters/" + dlq() + "?limit=100000").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/limit"));
    }
}
