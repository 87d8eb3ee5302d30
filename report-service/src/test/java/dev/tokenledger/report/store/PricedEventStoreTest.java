package dev.tokenledger.report.store;

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
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class PricedEventStoreTest {

    @InjectTestInfra
    TestInfra infra;

    /** Within the listing's default range (the last 90 days) whenever the test runs. */
    private static final Instant AT = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private static UsagePriced event(String tenant, String id, String cost) {
        Instant at = AT;
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, tenant, id, at, at, "anthropic", "claude-haiku-4-5", "chat",
                "success", null, null, null, new Usage(900, 100, 0, 0, 80, 0, Map.of()), null,
                new Attribution("support-bot", "prod", null, "cust-7", "triage", null, null, null, Map.of()));
        Pricing pricing = cost == null ? Pricing.unpriced("no price", at)
                : Pricing.priced(Money.usd(cost), "3", "42", at);
        return UsagePriced.of(usage, pricing);
    }

    @Test
    void pricedEventsAreStoredOnceAndListedForTheirTenantOnly() throws Exception {
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(event("acme", "r-1", "0.001234567890123")));
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(event("acme", "r-1", "0.001234567890123")));
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(event("acme", "r-2", null)));
        infra.kafka().send(infra.topic("usage.priced"), "globex", Json.write(event("globex", "g-1", "9")));

        String acme = infra.tokens().user("bob");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(acme).when().get("/v1/usage-events?project=support-bot").then().statusCode(200)
                        .body("items.size()", equalTo(2)));
        given().auth().oauth2(acme).when().get("/v1/usage-events?project=support-bot").then()
                .body("items.find { it.event_id == 'r-1' }.cost.amount", equalTo("0.001234567890123"))
                .body("items.find { it.event_id == 'r-1' }.project", equalTo("support-bot"))
                .body("items.find { it.event_id == 'r-2' }.pricing_status", equalTo("UNPRICED"))
                .body("items.find { it.event_id == 'r-2' }.cost", nullValue())
                .body("items.event_id", not(hasItem("g-1")));

        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*), sum(cost) FROM report.usage_event e JOIN report.tenant t ON t.id = e.tenant_id WHERE t.name = 'acme' AND event_id IN ('r-1', 'r-2')")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "a redelivered event is stored once");
            assertEquals(0, new java.math.BigDecimal("0.001234567890123").compareTo(rs.getBigDecimal(2)), "NUMERIC keeps every digit");
        }
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicWithoutTakingItsBatchAlong() throws Exception {
        infra.kafka().send(infra.topic("usage.priced"), "globex", "{\"schema_version\":1,\"broken\":");
        infra.kafka().send(infra.topic("usage.priced"), "globex", Json.write(event("globex", "after-bad", "1.5")));
        var dead = infra.kafka().read(infra.topic("usage.priced") + ".dlq", 1, Duration.ofSeconds(30),
                r -> r.value().contains("broken"));
        assertEquals(1, dead.size());
        assertEquals("globex", dead.get(0).key());
        assertEquals(infra.topic("usage.priced"), new String(dead.get(0).headers().lastHeader("dead-letter-topic").value()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FROM report.usage_event WHERE event_id = 'after-bad'")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        });
    }

    @Test
    void aRecordTheStoreRefusesIsDeadLetteredAndTheEventsAroundItAreStored() throws Exception {
        // no tenant: readable, but the store cannot file it under any tenant, however often it is retried
        var bad = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(Json.write(event("globex", "refused-1", "2")));
        bad.remove("tenant_id");
        infra.kafka().send(infra.topic("usage.priced"), "globex", Json.write(event("globex", "refused-before", "1")));
        infra.kafka().send(infra.topic("usage.priced"), "globex", bad.toString());
        infra.kafka().send(infra.topic("usage.priced"), "globex", Json.write(event("globex", "refused-after", "1")));
        var dead = infra.kafka().read(infra.topic("usage.priced") + ".dlq", 1, Duration.ofSeconds(60),
                r -> r.value().contains("\"refused-1\""));
        assertEquals(1, dead.size(), "the refused record is on the DLQ");
        assertEquals(bad.toString(), dead.get(0).value());
        String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value());
        assertTrue(!reason.startsWith("not a valid"), "refused when stored, not when read: " + reason);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FILTER (WHERE event_id IN ('refused-before', 'refused-after')), count(*) FILTER (WHERE event_id = 'refused-1')"
                            + " FROM report.usage_event")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "both neighbours are stored");
                assertEquals(0, rs.getInt(2), "the refused record is not");
            }
        });
        given().port(dev.tokenledger.testinfra.ManagementPort.get()).when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aRepricingAdjustmentReplacesTheStoredCostAndAnOlderRevisionNeverComesBack() throws Exception {
        UsagePriced unpriced = event("initech", "adj-1", null);
        UsagePriced adjustment = UsagePriced.of(unpriced.usage(), new Pricing(Pricing.Status.PRICED, Money.usd("0.42"), java.util.List.of(),
                null, null, "9", "7", null, null, java.util.List.of(), null, 2, null, "1", unpriced.occurredAt()));
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(unpriced));
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(adjustment));
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(unpriced)); // a late redelivery of revision 1
        infra.kafka().send(infra.topic("usage.priced"), "initech", Json.write(event("initech", "adj-marker", "1")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FROM report.usage_event WHERE event_id = 'adj-marker'")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        });
        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT CASE WHEN cost IS NULL THEN 'UNPRICED' ELSE 'PRICED' END, cost, revision FROM report.usage_event WHERE event_id = 'adj-1'")) {
            rs.next();
            assertEquals("PRICED", rs.getString(1));
            assertEquals(0, new java.math.BigDecimal("0.42").compareTo(rs.getBigDecimal(2)));
            assertEquals(2, rs.getInt(3));
        }
        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery("""
                SELECT sum(h.cost), sum(h.unpriced), sum(h.calls), sum(h.estimated_cost) FROM report.rollup_hour h
                JOIN report.tenant t ON t.id = h.tenant_id WHERE t.name = 'initech'""")) {
            rs.next();
            assertEquals(0, new java.math.BigDecimal("1.42").compareTo(rs.getBigDecimal(1)), "the rollup moved by the adjustment, once");
            assertEquals(0, rs.getInt(2), "the adjusted event is no longer counted as unpriced");
            assertEquals(2, rs.getInt(3));
            assertEquals(0, new java.math.BigDecimal("1.42").compareTo(rs.getBigDecimal(4)));
        }
        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery("""
                SELECT sum(d.cost), sum(d.unpriced), sum(d.calls) FROM report.rollup_day d
                JOIN report.tenant t ON t.id = d.tenant_id WHERE t.name = 'initech'""")) {
            rs.next();
            assertEquals(0, new java.math.BigDecimal("1.42").compareTo(rs.getBigDecimal(1)), "the daily rollup moved once too");
            assertEquals(0, rs.getInt(2));
            assertEquals(2, rs.getInt(3));
        }
        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery("""
                SELECT sum(x.cost), sum(x.unpriced), sum(x.calls) FROM report.rollup_dim_day x
                JOIN report.tenant t ON t.id = x.tenant_id WHERE t.name = 'initech' AND x.dim = 10""")) {
            rs.next();
            assertEquals(0, new java.math.BigDecimal("1.42").compareTo(rs.getBigDecimal(1)), "the per-session daily rollup moved once too");
            assertEquals(0, rs.getInt(2));
            assertEquals(2, rs.getInt(3));
        }
        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery("""
                SELECT sum(h.cost), sum(h.unpriced), sum(h.calls) FROM report.rollup_tenant_hour h
                JOIN report.tenant t ON t.id = h.tenant_id WHERE t.name = 'initech'""")) {
            rs.next();
            assertEquals(0, new java.math.BigDecimal("1.42").compareTo(rs.getBigDecimal(1)), "and the per-tenant hourly rollup");
            assertEquals(0, rs.getInt(2));
            assertEquals(2, rs.getInt(3));
        }
    }

    @Test
    void listingRejectsAnAbsurdLimitWithAProblem() {
        given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/usage-events?limit=0").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/limit"));
        given().when().get("/v1/usage-events").then().statusCode(401);
    }
}
