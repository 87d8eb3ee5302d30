package dev.tokenledger.ingest.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class UsageEventsReachUsageRawTest {

    @InjectTestInfra
    TestInfra infra;

    @Test
    void callWithoutTokenIsRefusedWith401() {
        given().contentType(ContentType.JSON).body("{\"provider\":\"openai\",\"model\":\"gpt-4o\"}")
                .when().post("/v1/usage-events")
                .then().statusCode(401);
    }

    @Test
    void whoamiShowsTheTenantFromTheRealKeycloakToken() {
        given().auth().oauth2(infra.tokens().serviceAccount("acme"))
                .when().get("/v1/whoami")
                .then().statusCode(200)
                .body("service", equalTo("ingest-service"))
                .body("tenant_id", equalTo("acme"))
                .body("roles", hasItem("ingest"));
        given().auth().oauth2(infra.tokens().user("carol"))
                .when().get("/v1/whoami")
                .then().statusCode(200).body("tenant_id", equalTo("globex")).body("subject", equalTo("carol"));
    }

    @Test
    void acceptedEventIsOnUsageRawKeyedByTheTokensTenant() {
        String id = "evt-" + UUID.randomUUID();
        given().auth().oauth2(infra.tokens().serviceAccount("globex"))
                .contentType(ContentType.JSON)
                .body("""
                        [{"event_id":"%s","provider":"anthropic","model":"claude-sonnet-4-5","usage":{"input_tokens":1200,"cache_read_tokens":300,"output_tokens":450},
                          "attribution":{"project":"checkout","tags":{"team":"payments"}}}]""".formatted(id))
                .when().post("/v1/usage-events")
                .then().statusCode(202)
                .body("accepted", equalTo(1))
                .body("events[0].event_id", equalTo(id))
                .body("events[0].status", equalTo("accepted"));

        List<ConsumerRecord<String, String>> records = infra.kafka().read(infra.topic("usage.raw"), 1, Duration.ofSeconds(20),
                r -> r.value().contains(id));
        assertEquals(1, records.size(), "the event is on usage.raw");
        assertEquals("globex", records.get(0).key(), "record key is the tenant");
        UsageRecorded event = Json.read(records.get(0).value(), UsageRecorded.class);
        assertEquals("globex", event.tenantId());
        assertEquals(1200, event.usage().inputTokens());
        assertEquals(300, event.usage().cacheReadTokens());
        assertEquals("checkout", event.attribution().project());
        assertEquals("payments", event.attribution().tags().get("team"));
    }

    @Test
    void resentEventIdIsReportedAsDuplicateAndNotPublishedTwice() throws Exception {
        String id = "dup-" + UUID.randomUUID();
        String body = "{\"event_id\":\"" + id + "\",\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
        String token = infra.tokens().serviceAccount("acme");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/usage-events").then().statusCode(202).body("accepted", equalTo(1));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/usage-events").then().statusCode(202)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1)).body("events[0].status", equalTo("duplicate"));

        List<ConsumerRecord<String, String>> records = infra.kafka().read(infra.topic("usage.raw"), 2, Duration.ofSeconds(5),
                r -> r.value().contains(id));
        assertEquals(1, records.size(), "published once");
        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM ingest.event_receipt WHERE event_id = '" + id + "'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1), "the Flyway-migrated receipt table holds the event once");
        }
    }

    @Test
    void batchWithOneBadEventIsRefusedWholeNamingEachBadField() {
        String good = "good-" + UUID.randomUUID();
        JsonNode problem = given().auth().oauth2(infra.tokens().serviceAccount("acme"))
                .contentType(ContentType.JSON)
                .body("""
                        [{"event_id":"%s","provider":"openai","model":"gpt-4o","usage":{"input_tokens":1}},
                         {"provider":"openai","usage":{"input_tokens":-5}}]""".formatted(good))
                .when().post("/v1/usage-events")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.pointer", hasItem("/1/model"))
                .body("errors.pointer", hasItem("/1/usage/input_tokens"))
                .extract().as(JsonNode.class);
        assertEquals(400, problem.get("status").asInt());
        List<ConsumerRecord<String, String>> records = infra.kafka().read(infra.topic("usage.raw"), 1, Duration.ofSeconds(3),
                r -> r.value().contains(good));
        assertTrue(records.isEmpty(), "nothing from a refused batch is published");
    }

    @Test
    void viewerWithoutWriteRoleIsForbidden() {
        given().auth().oauth2(infra.tokens().user("bob")).contentType(ContentType.JSON)
                .body("{\"provider\":\"openai\",\"model\":\"gpt-4o\"}")
                .when().post("/v1/usage-events")
                .then().statusCode(403);
    }
}
