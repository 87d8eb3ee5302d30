package dev.tokenledger.report.session;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.tokenledger.report.api.ReportEvents.priced;
import static dev.tokenledger.report.api.ReportEvents.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class SessionReportsTest {

    @InjectTestInfra
    TestInfra infra;

    /** A priced event with line items as the pricing-service writes them: input, cache read and output. */
    private static UsagePriced withLines(UsagePriced e) {
        List<Pricing.Line> lines = List.of(
                new Pricing.Line("input", 1000, new BigDecimal("2.5"), 1_000_000, Money.usd("0.0025"), null),
                new Pricing.Line("cache_read", 200, new BigDecimal("1.25"), 1_000_000, Money.usd("0.00025"), null),
                new Pricing.Line("output", 50, new BigDecimal("10"), 1_000_000, Money.usd("0.0005"), null));
        Pricing p = e.pricing();
        return UsagePriced.of(e.usage(), new Pricing(p.status(), Money.usd("0.00325"), lines, null, null, "3", "42", null, null, List.of(),
                null, 1, null, null, p.pricedAt()));
    }

    @Test
    void aSessionShowsItsSpanModelsBucketsAndRatePerMinute() throws Exception {
        String session = "sess-" + UUID.randomUUID();
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            send(infra, withLines(priced("acme", session + "-" + i, start.plus(Duration.ofMinutes(2L * i)), "sess-project", "f", session,
                    "1", null)));
        }
        String bob = infra.tokens().user("bob");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(bob).get("/v1/reports/sessions/" + session).then().statusCode(200).body("calls", equalTo(3)));
        JsonPath s = given().auth().oauth2(bob).get("/v1/reports/sessions/" + session).then().extract().jsonPath();
        assertEquals(240, s.getLong("duration_seconds"));
        assertEquals(start.toString(), Instant.parse(s.getString("start")).toString());
        assertEquals(List.of("gpt-4o"), s.getList("models"));
        assertEquals(0, new BigDecimal("0.00975").compareTo(new BigDecimal(s.getString("cost.amount"))));
        assertEquals(0, new BigDecimal("0.0075").compareTo(new BigDecimal(s.getString("cost_by_bucket.input.amount"))));
        assertEquals(0, new BigDecimal("0.00075").compareTo(new BigDecimal(s.getString("cost_by_bucket.cache_read.amount"))));
        assertEquals(0, new BigDecimal("0.0015").compareTo(new BigDecimal(s.getString("cost_by_bucket.output.amount"))));
        assertEquals(0, new BigDecimal("0.0024375").compareTo(new BigDecimal(s.getString("cost_per_minute.amount"))), "cost over 4 minutes");
        assertEquals(0, new BigDecimal("0.00325").compareTo(new BigDecimal(s.getString("average_cost_per_call.amount"))));
        assertEquals(938, s.getLong("tokens_per_minute"), "3,750 tokens over 4 minutes, rounded half-even");
        assertEquals(3000, s.getLong("tokens.input"));

        JsonPath top = given().auth().oauth2(bob).get("/v1/reports/sessions?period=last_2_days&top=1000").then().statusCode(200)
                .extract().jsonPath();
        assertTrue(top.getList("sessions.session").contains(session));
        String csv = given().auth().oauth2(bob).accept("text/csv").get("/v1/reports/sessions?period=last_2_days&top=1000").then().statusCode(200)
                .extract().asString();
        assertTrue(csv.startsWith("session,start,end,duration_seconds") && csv.contains(session + ","), csv);
        given().auth().oauth2(infra.tokens().user("dave")).get("/v1/reports/sessions/" + session).then().statusCode(404);
    }

    @Test
    void rawEventsPastTheTenantsRetentionAreDeletedAndTheRollupsKept() throws Exception {
        String tenant = "hooli-" + UUID.randomUUID().toString().substring(0, 8);
        Instant recent = Instant.now().minus(Duration.ofDays(1));
        Instant old = Instant.now().minus(Duration.ofDays(40));
        send(infra, priced(tenant, "recent", recent, "p", "f", null, "1", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM report.usage_event e JOIN report.tenant t"
                + " ON t.id = e.tenant_id WHERE t.name = '" + tenant + "'") == 1);
        try (var c = infra.jdbc()) {
            c.createStatement().executeUpdate("UPDATE report.tenant SET retention_days = 30 WHERE name = '" + tenant + "'");
        }
        send(infra, priced(tenant, "old", old, "p", "f", null, "2", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM report.rollup_hour h JOIN report.tenant t"
                + " ON t.id = h.tenant_id WHERE t.name = '" + tenant + "'") == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM report.usage_event e JOIN report.tenant t"
                + " ON t.id = e.tenant_id WHERE t.name = '" + tenant + "' AND e.event_id = 'old'") == 0);
        assertEquals(1, count("SELECT count(*) FROM report.usage_event e JOIN report.tenant t ON t.id = e.tenant_id WHERE t.name = '"
                + tenant + "' AND e.event_id = 'recent'"), "recent events stay");
        assertEquals(3, count("SELECT sum(h.cost)::int FROM report.rollup_hour h JOIN report.tenant t ON t.id = h.tenant_id"
                + " WHERE t.name = '" + tenant + "'"), "the rollups keep the deleted event's cost");
    }

    private long count(String sql) throws Exception {
        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
