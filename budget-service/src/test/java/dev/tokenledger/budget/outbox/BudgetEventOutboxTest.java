package dev.tokenledger.budget.outbox;

import dev.tokenledger.budget.spend.SpendCounter;
import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.BudgetEvent;
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
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Budget events are stored with the counters that raised them and reach Kafka even if the replica dies after the commit. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class BudgetEventOutboxTest {

    @InjectTestInfra
    TestInfra infra;

    @Inject
    SpendCounter counter;

    @Inject
    BudgetEventOutbox outbox;

    @Inject
    Pool pool;

    @Test
    void aThresholdCommittedByAReplicaThatDiedBeforePublishingIsPublishedFromTheOutbox() {
        String project = "outbox-" + UUID.randomUUID();
        long budget = given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON)
                .body("{\"name\": \"outbox\", \"scope\": {\"project\": \"" + project + "\"}, \"period\": \"total\", \"unit\": \"usd\","
                        + " \"limit\": \"1.00\", \"enforcement\": \"alert\"}")
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
        Instant at = Instant.now();
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "acme", project + "-e1", at, at, "openai", "gpt-4o", "chat",
                "success", null, null, null, Usage.tokens(1000, 100), null,
                new Attribution(project, null, null, null, null, null, null, null, Map.of()));

        // counted the way the pipeline counts, but nothing publishes afterwards: the replica "died" after the commit
        counter.countAll(List.of(UsagePriced.of(usage, Pricing.priced(Money.usd("0.60"), "1", "e1", at))))
                .await().atMost(Duration.ofSeconds(20));

        java.util.function.Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> ofBudget =
                r -> r.value().contains("\"budget_id\":\"" + budget + "\"");
        assertEquals(1, infra.kafka().read(infra.topic("budget.events"), 1, Duration.ofSeconds(20), ofBudget).size(),
                "the 50 % threshold, published by the outbox relay");
        var published = infra.kafka().read(infra.topic("budget.events"), 2, Duration.ofSeconds(3), ofBudget);
        assertEquals(1, published.size(), "published once");
        BudgetEvent event = Json.read(published.get(0).value(), BudgetEvent.class);
        assertEquals("threshold_crossed", event.kind());
        assertEquals(50, event.thresholdPercent());
        assertEquals("acme", published.get(0).key());
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting("%\"budget_id\":\"" + budget + "\"%") == 0);
    }

    @Test
    void replicasRelayingAtOnceEachPublishEveryWaitingEventOnce() {
        String tenant = "outbox-" + UUID.randomUUID();
        int count = BudgetEventOutbox.BATCH + 100; // more than one relay batch
        List<BudgetEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new BudgetEvent(BudgetEvent.SCHEMA_VERSION, BudgetEvent.TYPE, tenant, tenant + ":" + i, Instant.now(), null, null,
                    "unpriced_usage", "warning", null, null, null, null, null));
        }
        pool.withTransaction(conn -> outbox.add(conn, events)).await().atMost(Duration.ofSeconds(20));

        // two relays at once, as two replicas would run them (and the timer may run a third)
        Uni.join().all(outbox.relayAll(), outbox.relayAll()).andFailFast().await().atMost(Duration.ofSeconds(30));

        var published = infra.kafka().read(infra.topic("budget.events"), count + 1, Duration.ofSeconds(5),
                r -> tenant.equals(r.key()));
        Set<String> ids = new HashSet<>();
        published.forEach(r -> ids.add(Json.read(r.value(), BudgetEvent.class).eventId()));
        assertEquals(count, ids.size(), "every waiting event published");
        assertEquals(count, published.size(), "and none of them twice");
        assertEquals(0, waiting("%\"tenant_id\":\"" + tenant + "\"%"));
    }

    private long waiting(String payloadPattern) {
        return pool.preparedQuery("SELECT count(*) FROM budget.event_outbox WHERE payload LIKE $1").execute(Tuple.of(payloadPattern))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
