package dev.tokenledger.budget.spend;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.CalendarGuard;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // counters are shared by the class: the exact-count test goes first
class SpendCountersTest {

    @InjectTestInfra
    TestInfra infra;

    private UsagePriced priced(String tenant, String id, String cost, long in, long out) {
        Instant at = Instant.parse("2026-11-20T12:00:00Z");
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, tenant, id, at, at, "openai", "gpt-4o", "chat", "success",
                null, null, null, Usage.tokens(in, out), null, Attribution.none());
        Pricing pricing = cost == null ? Pricing.unpriced("no price", at)
                : Pricing.priced(Money.usd(cost), "1", "e1", at);
        return UsagePriced.of(usage, pricing);
    }

    @Test
    @Order(1)
    void eachEventCountsOnceExactlyEvenWhenRedelivered() throws Exception {
        // other test classes of this run share the database: compare with the counters before
        Map<String, Object> acmeBefore = spendOf("acme");
        Map<String, Object> globexBefore = spendOf("globex");
        // 0.1 + 0.2 is exactly 0.3 here; a double would give 0.30000000000000004
        var first = priced("acme", "s-1", "0.1", 100, 10);
        var second = priced("acme", "s-2", "0.2", 200, 20);
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(first));
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(second));
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(first)); // redelivery
        infra.kafka().send(infra.topic("usage.priced"), "globex", Json.write(priced("globex", "s-1", "5", 1, 1)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(2, (int) spendOf("acme").get("events") - (int) acmeBefore.get("events"));
            assertEquals(0, new java.math.BigDecimal("0.3").compareTo(
                    ((java.math.BigDecimal) spendOf("acme").get("cost_exact")).subtract((java.math.BigDecimal) acmeBefore.get("cost_exact"))));
            assertEquals(330, (long) spendOf("acme").get("tokens") - (long) acmeBefore.get("tokens"));
        });
        // tenant walls: globex's event is not in acme's counters and vice versa
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(1, (int) spendOf("globex").get("events") - (int) globexBefore.get("events")));
        given().auth().oauth2(infra.tokens().user("dave")).when().get("/v1/spend").then().statusCode(200)
                .body("tenant_id", equalTo("globex")).body("cost.currency", equalTo("USD"));
    }

    @Test
    @Order(4)
    void aProviderReportedCostCountsInsteadOfOurEstimateAsInReports() throws Exception {
        String project = "billed-" + java.util.UUID.randomUUID();
        long budget = given().auth().oauth2(infra.tokens().user("alice")).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"name\": \"billed\", \"scope\": {\"project\": \"" + project + "\"}, \"period\": \"total\", \"unit\": \"usd\","
                        + " \"limit\": \"100\", \"enforcement\": \"alert\"}")
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
        Instant at = Instant.now();
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "acme", "billed-" + project, at, at, "openrouter", "gpt-4o", "chat",
                "success", null, null, null, Usage.tokens(1000, 100), new dev.tokenledger.common.events.ReportedCost(Money.usd("0.97"), "openrouter"),
                new Attribution(project, null, null, null, null, null, null, null, Map.of()));
        UsagePriced event = UsagePriced.of(usage, Pricing.priced(Money.usd("1.00"), "1", "e1", at));
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(event));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(infra.tokens().user("bob"))
                .when().get("/v1/budgets/{id}/status", budget).then().statusCode(200).body("spent", equalTo("0.97")).body("events", equalTo(1)));
    }

    @Test
    @Order(2)
    void firstUnpricedEventOfATenantRaisesABudgetEvent() {
        infra.kafka().send(infra.topic("usage.priced"), "globex", Json.write(priced("globex", "u-1", null, 50, 5)));
        infra.kafka().send(infra.topic("usage.priced"), "globex", Json.write(priced("globex", "u-2", null, 50, 5)));

        var events = infra.kafka().read(infra.topic("budget.events"), 2, Duration.ofSeconds(10),
                r -> r.value().contains("unpriced_usage") && "globex".equals(r.key()));
        assertEquals(1, events.size(), "raised once, for the first unpriced event");
        assertEquals("globex", events.get(0).key());
        BudgetEvent e = Json.read(events.get(0).value(), BudgetEvent.class);
        assertEquals("unpriced_usage", e.kind());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(2, (int) spendOf("globex").get("unpriced_events")));
    }

    @Test
    @Order(3)
    void aRepricingAdjustmentReplacesTheUnpricedCountOnce() {
        // a tenant of its own: one unpriced event, then the re-pricing run's revision 2 (twice, redelivered)
        UsagePriced unpriced = priced("initech", "r-1", null, 1000, 0);
        Pricing repriced = new Pricing(Pricing.Status.PRICED, Money.usd("0.75"), java.util.List.of(), null, null, "9", "7", null, null,
                java.util.List.of(), null, 2, null, "1", unpriced.occurredAt());
        UsagePriced adjustment = UsagePriced.of(unpriced.usage(), repriced);
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(unpriced));
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(adjustment));
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(adjustment));
        // a second, ordinary event behind them shows both adjustment copies have been handled
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(priced("initech", "r-2", "0.25", 10, 0)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(java.util.List.of(2, 0, "1.000000000000"), java.util.List.of(spendOf("initech").get("events"),
                        spendOf("initech").get("unpriced_events"), spendOf("initech").get("cost"))));
    }

    @Test
    @Order(5)
    void aThresholdEventNamesWhatSpentTheBudgetMost() {
        String project = "top-" + java.util.UUID.randomUUID();
        long budget = given().auth().oauth2(infra.tokens().user("alice")).contentType(io.restassured.http.ContentType.JSON)
                .body("{\"name\": \"top\", \"scope\": {\"project\": \"" + project + "\"}, \"period\": \"month\", \"unit\": \"usd\","
                        + " \"limit\": \"1.00\", \"enforcement\": \"alert\"}")
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
        // in order on acme's partition, all at one instant so that they share a month whenever the test runs:
        // 0.45 spent, then the event that crosses 50 %
        Instant at = Instant.now();
        send(project, "t-1", "gpt-4o", "chat", "0.30", at);
        send(project, "t-2", "o3-mini", "chat", "0.15", at);
        send(project, "t-3", "gpt-4o", "search", "0.20", at);
        // early in a month the burn rate also projects past the limit: that event may come first, so read the threshold's own
        var raised = infra.kafka().read(infra.topic("budget.events"), 1, Duration.ofSeconds(30),
                r -> r.value().contains("\"budget_id\":\"" + budget + "\"") && r.value().contains("\"kind\":\"threshold_crossed\""));
        assertEquals(1, raised.size());
        BudgetEvent e = Json.read(raised.get(0).value(), BudgetEvent.class);
        assertEquals(50, e.thresholdPercent());
        // the project is the budget's scope, so it is not a contributor dimension here
        assertEquals(java.util.List.of(new BudgetEvent.Contributor("feature", "chat", "0.45"), new BudgetEvent.Contributor("feature", "search", "0.2"),
                new BudgetEvent.Contributor("model", "gpt-4o", "0.5"), new BudgetEvent.Contributor("model", "o3-mini", "0.15")), e.topContributors());
    }

    @jakarta.inject.Inject
    SpendCounter counter;

    @Test
    @Order(6)
    void aBudgetMadeThroughAnotherReplicaCountsFromTheNextBatch() throws Exception {
        // a monthly budget read at "now": not across a month's end
        CalendarGuard.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(1), ZoneOffset.UTC);
        String project = "replica-" + java.util.UUID.randomUUID();
        // a polled batch of acme's: the budgets it read stay cached at acme's budget version
        counter.countAll(java.util.List.of(usage(project, "r-1", "0.10"))).await().atMost(Duration.ofSeconds(30));
        // another replica makes a budget: this one learns of it only through the version its trigger raises
        long id;
        try (var c = infra.jdbc(); var st = c.prepareStatement("""
                INSERT INTO budget.budget (tenant_id, name, scope, period, time_zone, unit, limit_amount, thresholds, enforcement, created_by)
                VALUES ('acme', 'other replica', jsonb_build_object('project', ?), 'month', 'UTC', 'usd', 10, '{50,80}', 'alert', 'test')
                RETURNING id""")) {
            st.setString(1, project);
            try (var rs = st.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        counter.countAll(java.util.List.of(usage(project, "r-2", "0.25"))).await().atMost(Duration.ofSeconds(30));
        given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/budgets/{id}/status", id)
                .then().statusCode(200).body("spent", equalTo("0.25"), "events", equalTo(1));
    }

    private UsagePriced usage(String project, String id, String cost) {
        Instant at = Instant.now();
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "acme", project + id, at, at, "openai", "gpt-4o", "chat", "success",
                null, null, null, Usage.tokens(100, 10), null, new Attribution(project, null, null, null, null, null, null, null, Map.of()));
        return UsagePriced.of(usage, Pricing.priced(Money.usd(cost), "1", "e1", at));
    }

    private void send(String project, String id, String model, String feature, String cost, Instant at) {
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "acme", project + id, at, at, "openai", model, "chat", "success",
                null, null, null, Usage.tokens(100, 10), null, new Attribution(project, null, null, null, feature, null, null, null, Map.of()));
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(UsagePriced.of(usage, Pricing.priced(Money.usd(cost), "1", "e1", at))));
    }

    /** Reads a tenant's counters straight from the table (initech has no users in the demo realm). */
    private Map<String, Object> spendOf(String tenant) throws Exception {
        try (var c = infra.jdbc(); var st = c.prepareStatement(
                "SELECT events, unpriced_events, cost, total_tokens FROM budget.tenant_spend WHERE tenant_id = ?")) {
            st.setString(1, tenant);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Map.of("events", 0, "unpriced_events", 0, "cost", "0.000000000000",
                            "cost_exact", java.math.BigDecimal.ZERO, "tokens", 0L);
                }
                return java.util.Map.of("events", rs.getInt(1), "unpriced_events", rs.getInt(2),
                        "cost", rs.getBigDecimal(3).setScale(12).toPlainString(), "cost_exact", rs.getBigDecimal(3), "tokens", rs.getLong(4));
            }
        }
    }

    @Test
    void aRecordThatCannotBeCountedIsDeadLetteredAndTheEventsAroundItAreCounted() throws Exception {
        Map<String, Object> before = spendOf("initech");
        // no tenant: readable, but no counter can take it, however often it is retried
        var bad = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(Json.write(priced("initech", "refused-1", "2", 1, 1)));
        bad.remove("tenant_id");
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(priced("initech", "refused-before", "0.25", 10, 1)));
        infra.kafka().send(infra.topic("usage.priced"), "initech", bad.toString());
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(priced("initech", "refused-after", "0.5", 20, 2)));
        var dead = infra.kafka().read(infra.topic("usage.priced") + ".dlq", 1, Duration.ofSeconds(60),
                r -> r.value().equals(bad.toString()));
        assertEquals(1, dead.size(), "the record is on the DLQ");
        String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value());
        org.junit.jupiter.api.Assertions.assertTrue(!reason.startsWith("not a valid"), "refused when counted, not when read: " + reason);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(2, (int) spendOf("initech").get("events") - (int) before.get("events"));
            assertEquals(0, new java.math.BigDecimal("0.75").compareTo(
                    ((java.math.BigDecimal) spendOf("initech").get("cost_exact")).subtract((java.math.BigDecimal) before.get("cost_exact"))));
        });
        given().port(dev.tokenledger.testinfra.ManagementPort.get()).when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void spendNeedsAToken() {
        given().when().get("/v1/spend").then().statusCode(401);
    }
}
