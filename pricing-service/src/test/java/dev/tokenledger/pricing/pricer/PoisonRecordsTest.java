package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Pricing;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.tokenledger.pricing.pricer.PricingPipelineTest.NOW;
import static dev.tokenledger.pricing.pricer.PricingPipelineTest.TENANT;
import static dev.tokenledger.pricing.pricer.PricingPipelineTest.event;
import static dev.tokenledger.pricing.pricer.PricingPipelineTest.id;
import static dev.tokenledger.pricing.pricer.PricingPipelineTest.usage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record written by a foreign or older producer that pricing cannot process must never stop the
 * partition: it goes to usage.raw.dlq with its reason, and the events behind it are priced.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class PoisonRecordsTest {

    @InjectTestInfra
    TestInfra infra;

    private final PricingPipelineTest pipeline = new PricingPipelineTest();

    @Test
    void aQuantityWithAHugeExponentIsDeadLetteredAndTheEventsBehindItArePriced() {
        pipeline.infra = infra;
        String bad = id("huge-exponent");
        String raw = Json.write(event(bad, "openai", "gpt-4o", NOW, usage(10, 0, 0, 0, 1), null, null))
                .replace("\"units\":{}", "\"units\":{\"images\":\"1e-999999999\"}");
        assertTrue(raw.contains("1e-999999999"), raw);
        String before = id("before-exponent");
        String after = id("after-exponent");
        pipeline.send(event(before, "openai", "gpt-4o", NOW, usage(1000, 0, 0, 0, 0), null, null));
        infra.kafka().send(infra.topic("usage.raw"), TENANT, raw);
        pipeline.send(event(after, "openai", "gpt-4o", NOW, usage(1000, 0, 0, 0, 0), null, null));

        Map<String, Pricing> priced = pipeline.priced(List.of(before, after));
        assertTrue(priced.get(after).isPriced(), "the event behind the bad one is priced");
        ConsumerRecord<String, String> dead = deadLetter(bad);
        assertTrue(header(dead, "dead-letter-reason").contains("at most 20 digits"), header(dead, "dead-letter-reason"));
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAfterItsRetriesAndTheEventsAroundItArePriced() {
        pipeline.infra = infra;
        String bad = id("no-tenant");
        // no tenant id: pricing.priced_event refuses it (NOT NULL), however often it is retried
        String raw = Json.write(event(bad, "openai", "gpt-4o", NOW, usage(10, 0, 0, 0, 1), null, null))
                .replace("\"tenant_id\":\"" + TENANT + "\",", "");
        assertTrue(!raw.contains("tenant_id"), raw);
        String before = id("before-refused");
        String after = id("after-refused");
        // one partition, sent back to back: usually one polled batch, which is split to find the bad record
        pipeline.send(event(before, "openai", "gpt-4o", NOW, usage(1000, 0, 0, 0, 0), null, null));
        infra.kafka().send(infra.topic("usage.raw"), TENANT, raw);
        pipeline.send(event(after, "openai", "gpt-4o", NOW, usage(1000, 0, 0, 0, 0), null, null));

        Map<String, Pricing> priced = pipeline.priced(List.of(before, after));
        assertEquals(2, priced.size());
        ConsumerRecord<String, String> dead = deadLetter(bad);
        assertEquals(infra.topic("usage.raw"), header(dead, "dead-letter-topic"));
        assertTrue(!header(dead, "dead-letter-reason").isBlank(), "the reason is kept");
        assertEquals(raw, dead.value(), "the original record is kept as it was");
        given().port(dev.tokenledger.testinfra.ManagementPort.get()).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("tokenledger_dead_letters_total{consumer=\"pricing-service\",kind=\"refused\",topic=\"" + infra.topic("usage.raw") + "\"}"));
        given().port(dev.tokenledger.testinfra.ManagementPort.get()).when().get("/q/health/live").then().statusCode(200);
    }

    private ConsumerRecord<String, String> deadLetter(String eventId) {
        List<ConsumerRecord<String, String>> dead = infra.kafka().read(infra.topic("usage.raw") + ".dlq", 1, Duration.ofSeconds(60),
                r -> r.value().contains("\"" + eventId + "\""));
        assertEquals(1, dead.size(), "the bad record is on the DLQ");
        return dead.get(0);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
