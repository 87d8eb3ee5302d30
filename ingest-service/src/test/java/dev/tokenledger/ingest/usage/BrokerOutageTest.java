package dev.tokenledger.ingest.usage;

import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stops the real (shared) Kafka broker: requests must get 503 with Retry-After within the configured
 * publish timeout, never hang or be reported accepted; after the restart requests succeed and
 * everything that got 202 is on the topic.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
@TestProfile(BrokerOutageTest.ShortTimeout.class)
class BrokerOutageTest {

    public static class ShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tokenledger.ingest.publish-timeout", "3s",
                    "tokenledger.ingest.max-in-flight-events", "20",
                    "mp.messaging.outgoing.usage-raw.max.block.ms", "2000",
                    "mp.messaging.outgoing.usage-raw.delivery.timeout.ms", "3000",
                    "mp.messaging.outgoing.usage-raw.request.timeout.ms", "1500");
        }
    }

    @InjectTestInfra
    TestInfra infra;

    private Response send(String token, String id) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + id + "\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":7}}")
                .when().post("/v1/usage-events");
    }

    @Test
    void moreEventsWaitingThanTheBoundIsRefusedAt503InsteadOfBuffered() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 21; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"provider\":\"openai\",\"model\":\"gpt-4o\"}");
        }
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON).body(batch.append(']').toString())
                .when().post("/v1/usage-events")
                .then().statusCode(503).header("Retry-After", "1");
    }

    @Test
    void brokerDownMeans503WithinTheTimeoutAndNothingAcceptedIsLost() {
        String token = infra.tokens().serviceAccount("acme");
        String run = "outage-" + UUID.randomUUID();
        List<String> accepted = new ArrayList<>();
        assertEquals(202, send(token, run + "-before").statusCode());
        accepted.add(run + "-before");

        infra.stopKafka();
        try {
            long start = System.nanoTime();
            Response during = send(token, run + "-during");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, during.statusCode(), during.asString());
            assertNotNull(during.header("Retry-After"));
            assertTrue(during.contentType().contains("application/problem+json"));
            assertTrue(tookMs < 3000 + 4000, "answered within the publish timeout (+ slack), took " + tookMs + " ms");
        } finally {
            infra.startKafka();
        }
        // the same event id is accepted once the broker is back (it was not recorded as received)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send(token, run + "-during").statusCode() == 202);
        accepted.add(run + "-during");
        assertEquals(202, send(token, run + "-after").statusCode());
        accepted.add(run + "-after");

        var onTopic = infra.kafka().read(infra.topic("usage.raw"), 10, Duration.ofSeconds(10), r -> r.value().contains(run))
                .stream().map(r -> r.value()).toList();
        for (String id : accepted) {
            assertTrue(onTopic.stream().anyMatch(v -> v.contains("\"" + id + "\"")), id + " got 202 and is on usage.raw");
        }
    }
}
