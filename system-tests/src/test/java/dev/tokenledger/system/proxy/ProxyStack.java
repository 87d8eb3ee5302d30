package dev.tokenledger.system.proxy;

import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.ProviderStandIn;
import dev.tokenledger.testinfra.RunningServices;
import dev.tokenledger.testinfra.TestApiKeys;
import io.restassured.path.json.JsonPath;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Everything between an SDK and a provider, real: ingest (the proxy), budget, pricing and report
 * from their jars on the shared PostgreSQL, Kafka and Keycloak, and the provider stand-in in place
 * of OpenAI, Anthropic, Gemini and OpenRouter. Started once for the proxy test classes of a run.
 */
final class ProxyStack {

    /** The provider key the clients send: it must reach the stand-in and nothing else. */
    static final String PROVIDER_KEY = "sk-proj-LEAKCHECK" + java.util.UUID.randomUUID().toString().replace("-", "");

    private static ProxyStack stack;

    final ProviderStandIn provider;
    final RunningServices services;
    final TestApiKeys.Key key;
    final TestApiKeys.Key globexKey;
    final TestApiKeys.Key ingestOnlyKey;
    final Instant since = Instant.now().minus(Duration.ofMinutes(10));

    private ProxyStack() {
        provider = ProviderStandIn.start();
        services = RunningServices.onSharedInfrastructure();
        services.start("pricing", Map.of()).start("report", Map.of());
        services.start("budget", Map.of("TOKENLEDGER_BUDGET_PRICING_URL", services.url("pricing")));
        services.start("ingest", Map.of(
                "TOKENLEDGER_PROXY_UPSTREAM_OPENAI", provider.url(),
                "TOKENLEDGER_PROXY_UPSTREAM_ANTHROPIC", provider.url(),
                "TOKENLEDGER_PROXY_UPSTREAM_GEMINI", provider.url(),
                "TOKENLEDGER_PROXY_UPSTREAM_OPENROUTER", provider.url(),
                "TOKENLEDGER_PROXY_BUDGET_URL", services.url("budget"),
                // globex's OpenAI calls go to a port nothing listens on
                "TOKENLEDGER_PROXY_TENANT_GLOBEX_UPSTREAM_OPENAI", "http://127.0.0.1:" + closedPort()));
        services.awaitReady();
        key = TestApiKeys.create(services.infra(), "acme", null, "ingest", "gateway");
        globexKey = TestApiKeys.create(services.infra(), "globex", null, "ingest", "gateway");
        ingestOnlyKey = TestApiKeys.create(services.infra(), "acme", null, "ingest");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            provider.close();
        }));
    }

    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static synchronized ProxyStack get() {
        if (stack == null) {
            stack = new ProxyStack();
        }
        return stack;
    }

    String proxy(String provider) {
        return services.url("ingest") + "/proxy/" + provider;
    }

    String admin() {
        return services.infra().tokens().user("alice");
    }

    /** The tenant's summary for one project, once it shows {@code calls} calls. */
    JsonPath summaryOnce(String project, long calls) {
        String query = "from=" + since + "&to=" + Instant.now().plus(Duration.ofHours(1)) + "&project=" + project;
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = given().baseUri(services.url("report")).auth().oauth2(admin()).when().get("/v1/reports/summary?" + query)
                    .then().statusCode(200).extract().jsonPath();
            return last[0].getLong("calls") >= calls;
        });
        return last[0];
    }

    BigDecimal cost(String project, long calls) {
        return new BigDecimal(summaryOnce(project, calls).getString("total.amount"));
    }

    /** Records {@code providerUsage} directly (not through the proxy) under {@code project}: the cost the proxied call must come to. */
    void recordDirectly(String project, String provider, Object providerUsage) {
        String body = Json.write(Map.of("provider", provider, "provider_usage", providerUsage, "attribution", Map.of("project", project)));
        given().baseUri(services.url("ingest")).auth().oauth2(services.infra().tokens().serviceAccount("acme")).contentType("application/json")
                .body(body).when().post("/v1/usage-events").then().statusCode(202);
    }

    /** The attempts of a request as the proxy logged them. */
    JsonPath attempts(String requestId) {
        return given().baseUri(services.url("ingest")).auth().oauth2(admin()).when().get("/v1/proxy/requests/{id}", requestId)
                .then().statusCode(200).extract().jsonPath();
    }
}
