package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class PricingPipelineTest {

    @InjectTestInfra
    TestInfra infra;

    @Test
    void recordedUsageComesOutOnUsagePricedKeyedByTenant() {
        String id = "p-" + UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "acme", id, at, at, "openai", "gpt-4o", "chat",
                "success", "req-1", 120L, null, Usage.tokens(1000, 250), null, Attribution.none());
        infra.kafka().send(infra.topic("usage.raw"), "acme", Json.write(usage));

        List<ConsumerRecord<String, String>> out = infra.kafka().read(infra.topic("usage.priced"), 1, Duration.ofSeconds(30),
                r -> r.value().contains(id));
        assertEquals(1, out.size());
        assertEquals("acme", out.get(0).key());
        UsagePriced priced = Json.read(out.get(0).value(), UsagePriced.class);
        assertEquals(usage, priced.usage(), "the recorded usage travels unchanged");
        assertEquals(Pricing.Status.UNPRICED, priced.pricing().status());
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() {
        infra.kafka().send(infra.topic("usage.raw"), "acme", "{not json");
        String id = "after-" + UUID.randomUUID();
        Instant at = Instant.now();
        infra.kafka().send(infra.topic("usage.raw"), "acme", Json.write(new UsageRecorded(1, UsageRecorded.TYPE, "acme", id, at, at,
                "openai", "gpt-4o", "chat", "success", null, null, null, Usage.tokens(1, 1), null, Attribution.none())));

        List<ConsumerRecord<String, String>> dead = infra.kafka().read(infra.topic("usage.raw") + ".dlq", 1, Duration.ofSeconds(30),
                r -> r.value().equals("{not json"));
        assertEquals(1, dead.size(), "the bad record is kept on the DLQ");
        var reason = dead.get(0).headers().lastHeader("dead-letter-reason");
        assertNotNull(reason, "the DLQ record says why");
        assertTrue(new String(reason.value(), StandardCharsets.UTF_8).length() > 0);
        assertEquals(1, infra.kafka().read(infra.topic("usage.priced"), 1, Duration.ofSeconds(30), r -> r.value().contains(id)).size(),
                "the next record is still priced");
    }

    @Test
    void catalogueSchemaIsMigratedAndVersionsNeedAToken() throws Exception {
        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'pricing' AND table_name IN ('catalogue_version', 'price_entry')")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
        given().when().get("/v1/catalogue/versions").then().statusCode(401);
        given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/catalogue/versions")
                .then().statusCode(200).body("items.size()", equalTo(0));
    }
}
