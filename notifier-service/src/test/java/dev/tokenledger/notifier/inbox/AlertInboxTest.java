package dev.tokenledger.notifier.inbox;

import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class AlertInboxTest {

    @InjectTestInfra
    TestInfra infra;

    @Test
    void budgetAndAnomalyEventsArriveOnceEachPerTenant() {
        Instant at = Instant.parse("2026-11-26T09:00:00Z");
        String run = java.util.UUID.randomUUID().toString().substring(0, 8); // other test classes share this app's database
        BudgetEvent threshold = new BudgetEvent(1, BudgetEvent.TYPE, "acme", "b-80-" + run, at, "budget-1", "monthly", "threshold_crossed",
                "warning", 80, Money.usd("160.00"), Money.usd("200.00"), null, null);
        AnomalyDetected anomaly = new AnomalyDetected(1, AnomalyDetected.TYPE, "acme", "a-1-" + run, at, "project=checkout", "open",
                "critical", Money.usd("10"), Money.usd("55"), "5.5x the usual hourly spend");
        infra.kafka().send(infra.topic("budget.events"), "acme", Json.write(threshold));
        infra.kafka().send(infra.topic("budget.events"), "acme", Json.write(threshold)); // redelivered
        infra.kafka().send(infra.topic("anomaly.detected"), "acme", Json.write(anomaly));

        String acme = infra.tokens().user("alice");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(acme).when().get("/v1/alerts").then().statusCode(200)
                        .body("items.findAll { it.dedupe_key.endsWith('" + run + "') }.size()", equalTo(2))
                        .body("items.findAll { it.dedupe_key.endsWith('" + run + "') }.kind",
                                containsInAnyOrder("threshold_crossed", "anomaly_open")));
        given().auth().oauth2(infra.tokens().user("carol")).when().get("/v1/alerts").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void alertWithoutTenantGoesToTheDeadLetterTopic() {
        infra.kafka().send(infra.topic("anomaly.detected"), "x", "{\"schema_version\":1,\"type\":\"anomaly.detected\",\"event_id\":\"a-9\",\"occurred_at\":\"2026-11-26T09:00:00Z\"}");
        var dead = infra.kafka().read(infra.topic("anomaly.detected") + ".dlq", 1, Duration.ofSeconds(30), r -> r.value().contains("a-9"));
        assertEquals(1, dead.size());
    }

    @Test
    void aRecordThatCannotBeReadIsDeadLetteredAndTheAlertsBehindItArrive() {
        Instant at = Instant.parse("2026-11-26T09:00:00Z");
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        BudgetEvent good = new BudgetEvent(1, BudgetEvent.TYPE, "acme", "after-unreadable-" + run, at, "budget-1", "monthly", "threshold_crossed",
                "warning", 90, Money.usd("180.00"), Money.usd("200.00"), null, null);
        // the same key twice: which value a reader takes is not the writer's choice, so it is refused
        String duplicateKey = Json.write(new BudgetEvent(1, BudgetEvent.TYPE, "acme", "unreadable-" + run, at, "budget-1", "monthly",
                "threshold_crossed", "warning", 80, Money.usd("160.00"), Money.usd("200.00"), null, null)).replaceFirst("\\{", "{\"tenant_id\":\"globex\",");
        infra.kafka().send(infra.topic("budget.events"), "acme", duplicateKey);
        infra.kafka().send(infra.topic("budget.events"), "acme", Json.write(good));

        var dead = infra.kafka().read(infra.topic("budget.events") + ".dlq", 1, Duration.ofSeconds(60), r -> r.value().contains("unreadable-" + run));
        assertEquals(1, dead.size(), "the unreadable alert is on the DLQ");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/alerts").then().statusCode(200)
                        .body("items.findAll { it.dedupe_key == 'after-unreadable-" + run + "' }.size()", equalTo(1)));
        given().auth().oauth2(infra.tokens().user("carol")).when().get("/v1/alerts").then().statusCode(200)
                .body("items.findAll { it.dedupe_key == 'unreadable-" + run + "' }.size()", equalTo(0));
    }
}
