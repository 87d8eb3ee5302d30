package dev.tokenledger.budget.decision;

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
import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetStore;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.testinfra.CalendarGuard;
import io.quarkus.test.common.WithTestResource;
import jakarta.inject.Inject;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Budgets, decisions that reserve atomically, settlement, expiry and threshold events — on real PostgreSQL, Kafka and Keycloak. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class BudgetDecisionsTest {

    /** The budgets here are monthly (Berlin or UTC): a month ending while a test runs would split what it sent. */
    @BeforeEach
    void awayFromAMonthsEnd() {
        CalendarGuard.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(2), ZoneId.of("Europe/Berlin"), ZoneOffset.UTC);
    }


    @InjectTestInfra
    TestInfra infra;

    @TestHTTPResource("/v1/decisions")
    URL decisionsUrl;

    String admin() {
        return infra.tokens().user("alice");
    }

    /** A budget on a project of its own, so the tests of this run do not share spend. */
    long budget(String project, String limit, String enforcement, String unit) {
        String body = """
                {"name": "%s", "scope": {"project": "%s"}, "period": "month", "time_zone": "Europe/Berlin", "unit": "%s",
                 "limit": "%s", "enforcement": "%s"}""".formatted("budget " + project, project, unit, limit, enforcement);
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).when().post("/v1/budgets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static String decision(String requestId, String project, String cost, Long holdSeconds) {
        return Json.write(Map.of("request_id", requestId, "provider", "openai", "model", "gpt-4o", "estimated_cost", cost,
                "attribution", Map.of("project", project), "hold_seconds", holdSeconds == null ? 600 : holdSeconds));
    }

    void sendPriced(String tenant, String eventId, String requestId, String project, String cost) {
        sendPricedAt(tenant, eventId, requestId, project, cost, Instant.now());
    }

    void sendPricedAt(String tenant, String eventId, String requestId, String project, String cost, Instant at) {
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, tenant, eventId, at, at, "openai", "gpt-4o", "chat", "success",
                requestId, null, "standard", Usage.tokens(100, 10), null,
                new Attribution(project, null, null, null, null, null, null, null, Map.of()));
        infra.kafka().send(infra.topic("usage.priced"), tenant, Json.write(UsagePriced.of(usage, Pricing.priced(Money.usd(cost), "1", "1", at))));
    }

    Map<String, Object> status(long id) {
        return given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/budgets/{id}/status", id)
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @Test
    void fiveHundredConcurrentDecisionsAgainstOneDollarAllowAtMostOneHundredCentRequests() throws Exception {
        String project = "conc-" + UUID.randomUUID();
        long id = budget(project, "1.00", "block", "usd");
        String token = infra.tokens().serviceAccount("acme");
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String requestId = project + "-" + i;
            answers.add(pool.submit(() -> http.send(HttpRequest.newBuilder(decisionsUrl.toURI())
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(decision(requestId, project, "0.01", null))).build(),
                    HttpResponse.BodyHandlers.ofString())));
        }
        List<String> allowed = new ArrayList<>();
        int denied = 0;
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> resp = f.get();
            assertEquals(200, resp.statusCode(), resp.body());
            var json = Json.mapper().readTree(resp.body());
            if (json.get("decision").asText().equals("deny")) {
                denied++;
                assertTrue(resp.headers().firstValue("Retry-After").isPresent(), "a deny says when the period resets");
            } else {
                allowed.add(json.get("request_id").asText());
            }
        }
        pool.shutdown();
        assertEquals(100, allowed.size(), "exactly the requests that fit in $1.00 at $0.01 each");
        assertEquals(400, denied);
        assertEquals("1", status(id).get("reserved"));

        // each allowed request's priced event settles its hold: actual $0.008 replaces the $0.01 estimate
        for (String requestId : allowed) {
            sendPriced("acme", "evt-" + requestId, requestId, project, "0.008");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Object> s = status(id);
            assertEquals("0.8", s.get("spent"));
            assertEquals("0", s.get("reserved"), "every hold released by its priced event");
        });
        assertTrue(new BigDecimal((String) status(id).get("spent")).compareTo(new BigDecimal("1.01")) <= 0);
    }

    @Inject
    BudgetStore budgets;

    @Inject
    BudgetConfig config;

    @Inject
    io.vertx.mutiny.core.Vertx vertx;

    /**
     * A second, independent decision path as another replica would have it: its own connection pool
     * to the same database, the same decision code. Half the requests go through HTTP (this
     * service's pool), half through the other pool, all at once.
     */
    @Test
    void twoIndependentConnectionPoolsTogetherStillAllowAtMostTheLimit() throws Exception {
        String project = "replicas-" + UUID.randomUUID();
        long id = budget(project, "1.00", "block", "usd");
        Budget budget = budgets.find("acme", id).await().indefinitely();
        long version = budgets.version("acme").await().indefinitely();
        OtherReplica otherReplica = OtherReplica.start(vertx, config);
        String token = infra.tokens().serviceAccount("acme");
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Future<Boolean>> allowed = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                String requestId = project + "-" + i;
                if (i % 2 == 0) {
                    allowed.add(threads.submit(() -> !Json.mapper().readTree(http.send(HttpRequest.newBuilder(decisionsUrl.toURI())
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(decision(requestId, project, "0.01", null))).build(),
                            HttpResponse.BodyHandlers.ofString()).body()).get("decision").asText().equals("deny")));
                } else {
                    allowed.add(threads.submit(() -> otherReplica.decisions().decide("acme", requestId, version, List.of(budget),
                            Map.of(id, new BigDecimal("0.01")), Instant.now(), null).await().indefinitely().outcome()
                            != DecisionPolicy.Outcome.DENY));
                }
            }
            int n = 0;
            for (Future<Boolean> f : allowed) {
                n += f.get() ? 1 : 0;
            }
            assertEquals(100, n, "the two pools see each other's reservations");
            assertEquals("1", status(id).get("reserved"));
        } finally {
            threads.shutdown();
            otherReplica.close();
        }
    }

    @Inject
    dev.tokenledger.budget.spend.SpendCounter counter;

    UsagePriced priced(String eventId, String requestId, String project, String cost) {
        Instant at = Instant.now();
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "acme", eventId, at, at, "openai", "gpt-4o", "chat", "success",
                requestId, null, "standard", Usage.tokens(100, 10), null,
                new Attribution(project, null, null, null, null, null, null, null, Map.of()));
        return UsagePriced.of(usage, Pricing.priced(Money.usd(cost), "1", "1", at));
    }

    @Test
    void holdsOnOneCounterSettledByOneBatchAreAllReleased() {
        String project = "batch-settle-" + UUID.randomUUID();
        long id = budget(project, "1.00", "block", "usd");
        String token = infra.tokens().serviceAccount("acme");
        for (String r : List.of("a", "b", "c")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-" + r, project, "0.25", null))
                    .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow"));
        }
        assertEquals("0.75", status(id).get("reserved"));
        // one polled batch: three holds on the same (budget, period) counter, and one event delivered twice
        counter.countAll(List.of(priced(project + "-e1", project + "-a", project, "0.20"), priced(project + "-e2", project + "-b", project, "0.21"),
                priced(project + "-e2", project + "-b", project, "0.21"), priced(project + "-e3", project + "-c", project, "0.22")))
                .await().atMost(Duration.ofSeconds(30));
        Map<String, Object> s = status(id);
        assertEquals("0", s.get("reserved"), "all three holds released, not one per counter");
        assertEquals("0.63", s.get("spent"), "each event counted once");
        assertEquals(3, ((Number) s.get("events")).intValue());
    }

    @Test
    void anExpiredHoldIsReleasedAndASettledRequestIsNotReservedTwice() {
        String project = "expiry-" + UUID.randomUUID();
        long id = budget(project, "1.00", "block", "usd");
        String token = infra.tokens().serviceAccount("acme");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-a", project, "0.60", 1L))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow"));
        // the same request id again does not reserve twice
        given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-a", project, "0.60", 1L))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow"));
        assertEquals("0.6", status(id).get("reserved"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-b", project, "0.60", null))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("deny"))
                .body("budgets[0].remaining", equalTo("0.4"));
        // after its second the first hold expires: the next decision releases it and fits
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-c", project, "0.60", null))
                        .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow")));
        assertEquals("0.6", status(id).get("reserved"), "only the live hold remains");
    }

    @Test
    void thresholdsAreRaisedOnceAndRedeliveryChangesNothing() {
        String project = "thr-" + UUID.randomUUID();
        long id = budget(project, "10", "alert", "usd");
        sendPriced("acme", project + "-1", null, project, "4");
        sendPriced("acme", project + "-2", null, project, "2");
        sendPriced("acme", project + "-2", null, project, "2"); // redelivered
        sendPriced("globex", project + "-g", null, project, "50"); // another tenant, same project name
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("6", status(id).get("spent")));
        sendPriced("acme", project + "-3", null, project, "0.5");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("6.5", status(id).get("spent")));
        var raised = infra.kafka().read(infra.topic("budget.events"), 3, Duration.ofSeconds(5),
                r -> r.value().contains("\"budget_id\":\"" + id + "\"") && r.value().contains("threshold_crossed"));
        assertEquals(1, raised.size(), "50 % once; 75 % not reached; globex's $50 is not acme's: " + raised);
        BudgetEvent e = Json.read(raised.get(0).value(), BudgetEvent.class);
        assertEquals("threshold_crossed", e.kind());
        assertEquals(50, e.thresholdPercent());
        assertEquals(Money.usd("6"), e.spent());
        assertEquals("acme", raised.get(0).key());
    }

    @Test
    void aRequestOverTheCeilingTripsTheKillSwitchUntilAnAdminReEnablesIt() {
        String project = "kill-" + UUID.randomUUID();
        long id = given().auth().oauth2(admin()).contentType(ContentType.JSON).body("""
                        {"name": "summariser", "scope": {"project": "%s"}, "period": "day", "unit": "usd", "limit": "100",
                         "enforcement": "alert", "per_request_ceiling": "0.50"}""".formatted(project))
                .when().post("/v1/budgets").then().statusCode(201).body("per_request_ceiling", equalTo("0.50"))
                .extract().jsonPath().getLong("id");
        String token = infra.tokens().serviceAccount("acme");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-1", project, "0.01", null))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow"));
        sendPriced("acme", project + "-e1", project + "-1", project, "0.75");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-2", project, "0.01", null))
                        .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("deny"))
                        .body("reason", org.hamcrest.Matchers.containsString("kill switch")));
        var tripped = infra.kafka().read(infra.topic("budget.events"), 1, Duration.ofSeconds(30),
                r -> r.value().contains("kill_switch_tripped") && r.value().contains("\"budget_id\":\"" + id + "\""));
        assertEquals(1, tripped.size());
        given().auth().oauth2(infra.tokens().user("bob")).when().post("/v1/budgets/{id}/re-enable", id).then().statusCode(403);
        given().auth().oauth2(admin()).when().post("/v1/budgets/{id}/re-enable", id).then().statusCode(200).body("tripped", equalTo(false));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-3", project, "0.01", null))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow"));
    }

    @Test
    void aBurnRateThatWouldOverrunTheMonthIsAnnouncedOnceADay() {
        // $2 spent by the 3rd of November 12:00 in Berlin: 2.46 days of 30 → $24.39 projected against $10
        String project = "proj-" + UUID.randomUUID();
        long id = budget(project, "10", "alert", "usd");
        Instant third = Instant.parse("2026-11-03T11:00:00Z");
        sendPricedAt("acme", project + "-1", null, project, "1", third);
        sendPricedAt("acme", project + "-2", null, project, "1", third.plusSeconds(60));
        var projected = infra.kafka().read(infra.topic("budget.events"), 2, Duration.ofSeconds(8),
                r -> r.value().contains("projected_to_exceed") && r.value().contains("\"budget_id\":\"" + id + "\""));
        assertEquals(1, projected.size(), "once a day, though two batches may see the overrun");
        BudgetEvent e = Json.read(projected.get(0).value(), BudgetEvent.class);
        assertTrue(e.projected().amount().compareTo(new BigDecimal("10")) > 0, "projected " + e.projected());
        assertEquals("usd", e.unit());
        assertEquals(Instant.parse("2026-10-31T23:00:00Z"), e.periodStart(), "November in Berlin");
    }

    @Test
    void aNewPeriodIsAnnouncedOnceForABudgetThatLivedInTheLastOne() throws Exception {
        String project = "reset-" + UUID.randomUUID();
        long id = budget(project, "10", "alert", "usd");
        // the budget existed last month already; the periodic check notices that this month began.
        // One transaction: a check between the two statements would announce the period twice.
        try (var c = infra.jdbc()) {
            c.setAutoCommit(false);
            try (var age = c.prepareStatement("UPDATE budget.budget SET created_at = now() - interval '40 days' WHERE id = ?");
                 var forget = c.prepareStatement("DELETE FROM budget.budget_period_reset WHERE budget_id = ?")) {
                age.setLong(1, id);
                assertEquals(1, age.executeUpdate());
                forget.setLong(1, id);
                forget.executeUpdate();
            }
            c.commit();
        }
        var resets = infra.kafka().read(infra.topic("budget.events"), 2, Duration.ofSeconds(6),
                r -> r.value().contains("period_reset") && r.value().contains("\"budget_id\":\"" + id + "\""));
        assertEquals(1, resets.size());
        assertEquals("period_reset", Json.read(resets.get(0).value(), BudgetEvent.class).kind());
    }

    @Test
    void aCreditRaisesThisPeriodsLimit() {
        String project = "credit-" + UUID.randomUUID();
        long id = budget(project, "1", "block", "usd");
        String token = infra.tokens().serviceAccount("acme");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-1", project, "0.9", null))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("warn"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-2", project, "0.2", null))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("deny"));
        given().auth().oauth2(infra.tokens().user("bob")).contentType(ContentType.JSON).body("{\"amount\": \"0.5\", \"reason\": \"x\"}")
                .when().post("/v1/budgets/{id}/credits", id).then().statusCode(403);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"amount\": \"-1\"}")
                .when().post("/v1/budgets/{id}/credits", id).then().statusCode(400)
                .body("errors.pointer", hasItem("/amount")).body("errors.pointer", hasItem("/reason"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"amount\": \"0.5\", \"reason\": \"launch week\"}")
                .when().post("/v1/budgets/{id}/credits", id).then().statusCode(200)
                .body("credits", equalTo("0.5")).body("effective_limit", equalTo("1.5"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(decision(project + "-3", project, "0.2", null))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow"))
                .body("budgets[0].limit", equalTo("1.5"));
    }

    @Test
    void utilisationIsExportedAsAGaugePerBudget() {
        String project = "gauge-" + UUID.randomUUID();
        long id = budget(project, "8", "alert", "usd");
        sendPriced("acme", project + "-1", null, project, "2");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = given().port(dev.tokenledger.testinfra.ManagementPort.get()).when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("tokenledger_budget_utilisation_ratio{budget=\"" + id + "\",tenant=\"acme\",unit=\"usd\"} 0.25"),
                    "a quarter of $8 spent");
        });
    }

    @Test
    void tokenAndRequestBudgetsCountTheirUnitsAndUnpricedEventsAreFlagged() {
        String project = "units-" + UUID.randomUUID();
        long tokens = budget(project, "1000", "block", "tokens");
        long requests = budget(project, "300", "warn", "requests");
        long usd = budget(project, "5", "alert", "usd");
        sendPriced("acme", project + "-1", null, project, "0.1");
        Instant at = Instant.now();
        UsageRecorded unknown = new UsageRecorded(1, UsageRecorded.TYPE, "acme", project + "-u", at, at, "openai", "gpt-x", "chat", "success",
                null, null, "standard", Usage.tokens(500, 0), null, new Attribution(project, null, null, null, null, null, null, null, Map.of()));
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(UsagePriced.of(unknown, Pricing.unpriced("no price", at))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals("610", status(tokens).get("spent"));
            assertEquals("2", status(requests).get("spent"));
            assertEquals("0.1", status(usd).get("spent"));
            assertEquals(1, status(usd).get("unpriced_events"), "never counted as $0, flagged");
        });
    }

    @Test
    void budgetsAreTheTenantAdminsAndInvisibleToOtherTenants() {
        long id = budget("walls-" + UUID.randomUUID(), "5", "warn", "usd");
        given().auth().oauth2(infra.tokens().user("carol")).when().get("/v1/budgets/{id}", id).then().statusCode(404);
        given().auth().oauth2(infra.tokens().user("carol")).when().delete("/v1/budgets/{id}", id).then().statusCode(404);
        given().auth().oauth2(infra.tokens().user("bob")).contentType(ContentType.JSON).body("{}").when().post("/v1/budgets").then().statusCode(403);
        given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/budgets").then().statusCode(200)
                .body("items.budget.id", hasItem((int) id));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"period\": \"fortnight\", \"time_zone\": \"Mars/Olympus\", \"unit\": \"usd\", \"limit\": \"-1\", \"scope\": {\"colour\": \"red\"}}")
                .when().post("/v1/budgets").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/period")).body("errors.pointer", hasItem("/time_zone"))
                .body("errors.pointer", hasItem("/limit")).body("errors.pointer", hasItem("/scope"));
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON).body("{\"provider\": \"openai\"}")
                .when().post("/v1/decisions").then().statusCode(400)
                .body("errors.pointer", hasItem("/request_id")).body("errors.pointer", hasItem("/model"));
        given().auth().oauth2(admin()).when().delete("/v1/budgets/{id}", id).then().statusCode(204);
        given().auth().oauth2(admin()).when().get("/v1/budgets/{id}", id).then().statusCode(404);
    }

    @Test
    void theListPutsTheBudgetsClosestToTheirLimitFirstAndAgreesWithEachBudgetsOwnStatus() {
        String project = "list-" + UUID.randomUUID();
        // created in the reverse of the order they are listed in
        long forty = budget(project, "40", "warn", "usd");
        long twenty = budget(project, "20", "warn", "usd");
        long ten = budget(project, "10", "warn", "usd");
        sendPriced("acme", "evt-" + project, "req-" + project, project, "5");
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON)
                .body(decision("held-" + project, project, "2", null)).when().post("/v1/decisions").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "5".equals(status(forty).get("spent")));

        var list = given().auth().oauth2(infra.tokens().user("bob")).queryParam("order", "percent_used").when().get("/v1/budgets")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = list.getList("items");
        assertEquals(items.size(), list.getInt("total"));
        for (int i = 1; i < items.size(); i++) {
            assertTrue(new BigDecimal((String) items.get(i - 1).get("percent_used")).compareTo(new BigDecimal((String) items.get(i).get("percent_used"))) >= 0,
                    "closest to the limit first: " + items.get(i - 1).get("percent_used") + " before " + items.get(i).get("percent_used"));
        }
        List<Map<String, Object>> mine = items.stream().filter(s -> List.of(ten, twenty, forty).contains(((Number) ((Map<?, ?>) s.get("budget")).get("id")).longValue())).toList();
        assertEquals(List.of("50.00", "25.00", "12.50"), mine.stream().map(s -> s.get("percent_used")).toList());
        assertEquals(List.of(status(ten), status(twenty), status(forty)), mine, "read together, each budget shows what its own status shows");
        assertEquals("3", mine.get(0).get("remaining"), "10 - 5 spent - 2 reserved");

        given().auth().oauth2(infra.tokens().user("bob")).queryParam("order", "percent_used").queryParam("limit", 2).when().get("/v1/budgets")
                .then().statusCode(200).body("items.size()", equalTo(2)).body("total", equalTo(items.size()))
                .body("items[0].budget.id", equalTo(((Map<?, ?>) items.get(0).get("budget")).get("id")));
        given().auth().oauth2(infra.tokens().user("bob")).queryParam("order", "cheapest").queryParam("limit", 0).when().get("/v1/budgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("order")).body("errors.pointer", hasItem("limit"));
    }
}
