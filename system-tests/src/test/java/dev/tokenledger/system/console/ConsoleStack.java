package dev.tokenledger.system.console;

import dev.tokenledger.testinfra.CalendarGuard;
import dev.tokenledger.testinfra.RunningServices;
import io.restassured.http.ContentType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * The five services and the web console from their jars on the shared PostgreSQL, Kafka and
 * Keycloak, with a little usage of acme and globex whose names and amounts are unique to this run
 * (so a page showing another tenant's data is caught by its text). Started once for the console's
 * test classes of a run.
 */
final class ConsoleStack {

    private static ConsoleStack stack;

    final RunningServices services;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    /** acme's main model and project (three calls, most of acme's cost) and a second, smaller model. */
    final String acmeProject = "orbit-" + run;
    final String acmeTopModel = "gpt-4o";
    final String acmeOtherModel = "gpt-4o-mini";
    final String globexProject = "nebula-" + run;
    final String acmeSession = "acme-session-" + run;

    private ConsoleStack() {
        services = RunningServices.onSharedInfrastructure();
        services.start("pricing", Map.of()).start("notifier", Map.of());
        services.start("report", Map.of("TOKENLEDGER_REPORT_PRICING_URL", services.url("pricing")));
        services.start("budget", Map.of("TOKENLEDGER_BUDGET_PRICING_URL", services.url("pricing")));
        services.start("ingest", Map.of("TOKENLEDGER_PROXY_BUDGET_URL", services.url("budget")));
        services.start("console", Map.of(
                "TOKENLEDGER_CONSOLE_SERVICES_INGEST", services.url("ingest"),
                "TOKENLEDGER_CONSOLE_SERVICES_PRICING", services.url("pricing"),
                "TOKENLEDGER_CONSOLE_SERVICES_BUDGET", services.url("budget"),
                "TOKENLEDGER_CONSOLE_SERVICES_REPORT", services.url("report"),
                "TOKENLEDGER_CONSOLE_SERVICES_NOTIFIER", services.url("notifier")));
        services.awaitReady();
        Runtime.getRuntime().addShutdownHook(new Thread(services::close));
        seed();
    }

    static synchronized ConsoleStack get() {
        if (stack == null) {
            stack = new ConsoleStack();
        }
        return stack;
    }

    String consoleUrl() {
        return services.url("console");
    }

    String url(String service) {
        return services.url(service);
    }

    String token(String user) {
        return services.infra().tokens().user(user);
    }

    /** Usage "now" in this month (UTC, the tenants' time zone), priced and reported before the tests look. */
    private void seed() {
        CalendarGuard.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(10), ZoneOffset.UTC);
        Instant at = Instant.now().minusSeconds(60);
        List<Map<String, Object>> acme = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            acme.add(event("acme-" + run + "-" + i, at, acmeTopModel, 120_000 + i * 1000, 20_000, acmeProject, "chat", "user-" + i, acmeSession));
        }
        acme.add(event("acme-" + run + "-mini", at, acmeOtherModel, 50_000, 5_000, "helper-" + run, "search", "user-9", null));
        send("acme", acme);
        send("globex", List.of(event("globex-" + run, at, "gpt-4o", 77_777, 7_777, globexProject, "ask", "g-user", null)));
        String alice = token("alice");
        String carol = token("carol");
        await().atMost(Duration.ofSeconds(60)).until(() -> calls(alice) == 4 && calls(carol) == 1);
    }

    private long calls(String token) {
        return given().auth().oauth2(token).get(url("report") + "/v1/reports/summary?period=this_month")
                .then().statusCode(200).extract().jsonPath().getLong("calls");
    }

    private void send(String tenant, List<Map<String, Object>> events) {
        given().auth().oauth2(services.infra().tokens().serviceAccount(tenant)).contentType(ContentType.JSON).body(events)
                .post(url("ingest") + "/v1/usage-events").then().statusCode(202);
    }

    private static Map<String, Object> event(String id, Instant at, String model, int input, int output, String project,
                                             String feature, String user, String session) {
        Map<String, Object> attribution = new java.util.LinkedHashMap<>(Map.of("project", project, "feature", feature, "user", user));
        if (session != null) {
            attribution.put("session", session);
        }
        return Map.of("event_id", id, "occurred_at", at.toString(), "provider", "openai", "model", model, "operation", "chat",
                "status", "success", "usage", Map.of("input_tokens", input, "output_tokens", output), "attribution", attribution);
    }
}
