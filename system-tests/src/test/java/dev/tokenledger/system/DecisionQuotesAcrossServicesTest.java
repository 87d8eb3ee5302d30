package dev.tokenledger.system;

import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.CalendarGuard;
import dev.tokenledger.testinfra.RunningServices;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A gateway's decision priced through the real pricing-service: ingest, pricing and budget run as
 * processes from their jars. The worst case a decision reserves is the pricing-service's quote
 * (with the tenant's own discounts and long-context tiers), the priced event of the same request
 * settles it, and a pricing outage is answered by the configured policy. Figures are worked from
 * the bundled LiteLLM list: gpt-4o $2.50 / $10 per million tokens in / out, gpt-4o-mini $0.15 / $0.60,
 * gemini-2.5-pro $1.25 / $10, and $2.50 / $15 for a whole request whose prompt is over 200k tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DecisionQuotesAcrossServicesTest {

    /** The budgets here are monthly (Berlin or UTC): a month ending while a test runs would split what it sent. */
    @BeforeEach
    void awayFromAMonthsEnd() {
        CalendarGuard.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(2), ZoneId.of("Europe/Berlin"), ZoneOffset.UTC);
    }


    private static RunningServices services;

    @BeforeAll
    static void startServices() {
        services = RunningServices.onSharedInfrastructure();
        services.start("pricing", Map.of()).start("ingest", Map.of());
        // rates quoted for a model are reused 2 s, then asked again (or reused stale while pricing is away)
        services.start("budget", Map.of("TOKENLEDGER_BUDGET_PRICING_URL", services.url("pricing"),
                "TOKENLEDGER_BUDGET_QUOTE_CACHE_TTL", "2s"));
        services.awaitReady();
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    private static RequestSpecification as(String service, String token) {
        return given().baseUri(services.url(service)).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String admin() {
        return services.infra().tokens().user("alice");
    }

    private static String gateway() {
        return services.infra().tokens().serviceAccount("acme");
    }

    private static long budget(String project, String limit) {
        String body = """
                {"name": "quotes %s", "scope": {"project": "%s"}, "period": "month", "time_zone": "UTC", "unit": "usd",
                 "limit": "%s", "enforcement": "block"}""".formatted(project, project, limit);
        return as("budget", admin()).body(body).when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static ValidatableResponse decide(String requestId, String project, String provider, String model, long input, long maxOutput) {
        String body = Json.write(Map.of("request_id", requestId, "provider", provider, "model", model,
                "estimated_input_tokens", input, "max_output_tokens", maxOutput, "attribution", Map.of("project", project)));
        return as("budget", gateway()).body(body).when().post("/v1/decisions").then().statusCode(200);
    }

    private static String quote(String token, String provider, String model, long input, long output) {
        String body = Json.write(Map.of("provider", provider, "model", model, "usage", Map.of("input_tokens", input, "output_tokens", output)));
        return as("pricing", token).body(body).when().post("/v1/quotes").then().statusCode(200).extract().jsonPath().getString("pricing.cost.amount");
    }

    private static Map<String, Object> status(long id) {
        return as("budget", admin()).when().get("/v1/budgets/{id}/status", id).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    private static String plain(String decimal) {
        return new java.math.BigDecimal(decimal).stripTrailingZeros().toPlainString();
    }

    /** How many quotes the pricing-service has answered, from its own metrics. */
    private static double quotesAnswered() throws Exception {
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(services.managementUrl("pricing") + "/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("uri=\"/v1/quotes\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    @Order(0)
    void aBurstOfDecisionsForAModelNotQuotedYetAsksThePricingServiceOnce() throws Exception {
        String project = "burst-" + UUID.randomUUID();
        budget(project, "1.00");
        String token = gateway();
        double before = quotesAnswered();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.util.List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = Json.write(Map.of("request_id", "burst-" + UUID.randomUUID(), "provider", "openai", "model", "gpt-4.1-mini",
                    "estimated_input_tokens", 1_000, "max_output_tokens", 500, "attribution", Map.of("project", project)));
            answers.add(http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(services.url("budget") + "/v1/decisions"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        for (var answer : answers) {
            var r = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            // 1,000 × $0.40 + 500 × $1.60 per million
            assertEquals("0.0012", Json.mapper().readTree(r.body()).path("budgets").path(0).path("request").asText(), r.body());
        }
        assertEquals(2.0, quotesAnswered() - before, "one pair of quotes (input and output rates) for the whole burst");
    }

    @Test
    @Order(1)
    void aDecisionReservesThePricingServicesQuoteAndItsPricedEventSettlesIt() {
        String project = "quote-" + UUID.randomUUID();
        long id = budget(project, "1.00");
        String requestId = "req-" + UUID.randomUUID();
        // 1,000 × $2.50 + 500 × $10 per million
        decide(requestId, project, "openai", "gpt-4o", 1_000, 500).body("decision", equalTo("allow"))
                .body("budgets[0].request", equalTo("0.0075"));
        assertEquals("0.0075", plain(quote(gateway(), "openai", "gpt-4o", 1_000, 500)), "the decision reserved what the pricing-service quotes");
        assertEquals("0.0075", status(id).get("reserved"));

        // the gateway reports what the call used: 1,000 in, 200 out → $0.0045 replaces the $0.0075 held
        String event = Json.write(Map.of("event_id", "evt-" + UUID.randomUUID(), "request_id", requestId, "provider", "openai", "model", "gpt-4o",
                "usage", Map.of("input_tokens", 1_000, "output_tokens", 200), "attribution", Map.of("project", project)));
        as("ingest", gateway()).body(event).when().post("/v1/usage-events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Object> s = status(id);
            assertEquals("0.0045", s.get("spent"), "priced by the pricing-service and counted by the budget-service");
            assertEquals("0", s.get("reserved"), "the settled request holds nothing any more");
        });
    }

    @Test
    @Order(2)
    void aLongPromptIsQuotedWholeAtItsLongContextTier() {
        String project = "long-" + UUID.randomUUID();
        budget(project, "5.00");
        // 200,001 prompt tokens put the whole request at $2.50 / $15: 0.5000025 + 0.015; at the base
        // rates it would be 0.26000125, so a linear estimate would under-reserve
        decide("req-" + UUID.randomUUID(), project, "gemini", "gemini-2.5-pro", 200_001, 1_000)
                .body("decision", equalTo("allow")).body("budgets[0].request", equalTo("0.5150025"));
    }

    @Test
    @Order(3)
    void theTenantsNegotiatedDiscountLowersItsWorstCase() {
        String project = "discount-" + UUID.randomUUID();
        budget(project, "1.00");
        as("pricing", admin()).body("{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"percent\": \"20\", "
                        + "\"effective_from\": \"2026-01-01T00:00:00Z\", \"reason\": \"system test agreement\"}")
                .when().post("/v1/overrides/discounts").then().statusCode(200);
        // 1,000,000 × $0.15 per million, 20 % off; globex's quote is the list price
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                decide("req-" + UUID.randomUUID(), project, "openai", "gpt-4o-mini", 1_000_000, 0).body("budgets[0].request", equalTo("0.12")));
        assertEquals("0.15", plain(quote(services.infra().tokens().serviceAccount("globex"), "openai", "gpt-4o-mini", 1_000_000, 0)));
    }

    @Test
    @Order(4)
    void aModelWithoutAPriceIsDeniedByABlockingMoneyBudget() {
        String project = "unknown-" + UUID.randomUUID();
        budget(project, "1.00");
        decide("req-" + UUID.randomUUID(), project, "openai", "gpt-nonexistent-9", 100, 100)
                .body("decision", equalTo("deny")).body("reason", containsString("gpt-nonexistent-9"));
    }

    @Test
    @Order(5)
    void whileThePricingServiceIsDownKnownRatesAreReusedAndAnUnquotedModelIsDenied() {
        String project = "outage-" + UUID.randomUUID();
        budget(project, "1.00");
        decide("req-" + UUID.randomUUID(), project, "openai", "gpt-4o", 1_000, 500).body("budgets[0].request", equalTo("0.0075"));
        services.kill("pricing");
        // past the 2 s the rates are reused fresh: now they are reused stale, and the decision stays exact
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                decide("req-" + UUID.randomUUID(), project, "openai", "gpt-4o", 2_000, 500)
                        .body("decision", equalTo("allow")).body("budgets[0].request", equalTo("0.01")));
        // never quoted: its cost cannot be bounded, so the default fail-closed denies and says when to retry
        decide("req-" + UUID.randomUUID(), project, "openai", "gpt-4.1", 1_000, 500)
                .body("decision", equalTo("deny")).body("reason", containsString("pricing-service unavailable"))
                .header("Retry-After", equalTo("5"));
    }
}
