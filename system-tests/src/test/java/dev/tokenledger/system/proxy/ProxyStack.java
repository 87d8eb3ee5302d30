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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything between an SDK and a provider, real: ingest (the proxy), budget, pricing and report
 * from their jars on the shared PostgreSQL, Kafka and Keycloak, and the provider stand-in in place
 * of OpenAI, Anthropic, Gemini and OpenRouter. Started once for the proxy test classes of a run.
 */
public final class ProxyStack {

    /** The provider key the clients send: it must reach the stand-in and nothing else. */
    public static final String PROVIDER_KEY = "sk-proj-LEAKCHECK" + java.util.UUID.randomUUID().toString().replace("-", "");

    static final Duration UPSTREAM_IDLE_TIMEOUT = Duration.ofSeconds(4);

    private static ProxyStack stack;

    public final ProviderStandIn provider;
    public final RunningServices services;
    public final TestApiKeys.Key key;
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
                "TOKENLEDGER_PROVIDER_KEYS_KEY_ENCRYPTION_KEY", randomKek(),
                // a provider silent this long is a 504 (the stand-in answers at once otherwise)
                "TOKENLEDGER_PROXY_UPSTREAM_IDLE_TIMEOUT", UPSTREAM_IDLE_TIMEOUT.toSeconds() + "s",
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

    private static String randomKek() {
        byte[] kek = new byte[32];
        new java.security.SecureRandom().nextBytes(kek);
        return java.util.Base64.getEncoder().encodeToString(kek);
    }

    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static synchronized ProxyStack get() {
        if (stack == null) {
            stack = new ProxyStack();
        }
        return stack;
    }

    public String proxy(String provider) {
        return services.url("ingest") + "/proxy/" + provider;
    }

    public String admin() {
        return services.infra().tokens().user("alice");
    }

    /** The tenant's summary for one project, once it shows {@code calls} calls. */
    public JsonPath summaryOnce(String project, long calls) {
        String query = "from=" + since + "&to=" + Instant.now().plus(Duration.ofHours(1)) + "&project=" + project;
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = given().baseUri(services.url("report")).auth().oauth2(admin()).when().get("/v1/reports/summary?" + query)
                    .then().statusCode(200).extract().jsonPath();
            return last[0].getLong("calls") >= calls;
        });
        return last[0];
    }

    public BigDecimal cost(String project, long calls) {
        return new BigDecimal(summaryOnce(project, calls).getString("total.amount"));
    }

    /** Records {@code providerUsage} directly (not through the proxy) under {@code project}: the cost the proxied call must come to. */
    public void recordDirectly(String project, String provider, Object providerUsage) {
        String body = Json.write(Map.of("provider", provider, "provider_usage", providerUsage, "attribution", Map.of("project", project)));
        given().baseUri(services.url("ingest")).auth().oauth2(services.infra().tokens().serviceAccount("acme")).contentType("application/json")
                .body(body).when().post("/v1/usage-events").then().statusCode(202);
    }

    /** Records an event with canonical {@code usage} under {@code project} directly: the cost another way in must come to. */
    public void recordUsage(String project, String provider, String model, Map<String, ?> usage) {
        String body = Json.write(Map.of("provider", provider, "model", model, "usage", usage, "attribution", Map.of("project", project)));
        given().baseUri(services.url("ingest")).auth().oauth2(services.infra().tokens().serviceAccount("acme")).contentType("application/json")
                .body(body).when().post("/v1/usage-events").then().statusCode(202);
    }

    /** The attempts of a request as the proxy logged them. */
    JsonPath attempts(String requestId) {
        return given().baseUri(services.url("ingest")).auth().oauth2(admin()).when().get("/v1/proxy/requests/{id}", requestId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Stores a provider key for acme as its tenant admin; its id. */
    String storeProviderKey(String provider, String name, String key) {
        return given().baseUri(services.url("ingest")).auth().oauth2(admin()).contentType("application/json")
                .body(Json.write(Map.of("provider", provider, "name", name, "key", key))).when().post("/v1/provider-keys")
                .then().statusCode(201).extract().jsonPath().getString("id");
    }

    /** Fails if any of {@code secrets} is in a service's log, a usage record on Kafka, any table (as stored, in the clear) or one of {@code answers}. */
    void assertNowhere(java.util.List<String> secrets, java.util.Collection<String> answers) throws Exception {
        for (String secret : secrets) {
            answers.forEach(a -> assertFalse(a.contains(secret), a));
        }
        try (var logs = java.nio.file.Files.list(java.nio.file.Path.of("target", "services"))) {
            for (java.nio.file.Path log : logs.toList()) {
                String text = java.nio.file.Files.readString(log);
                secrets.forEach(secret -> assertFalse(text.contains(secret), log + " holds a provider key"));
            }
        }
        for (String topic : java.util.List.of("usage.raw", "usage.priced")) {
            String t = services.infra().topic(topic);
            assertFalse(services.infra().kafka().read(t, 1, Duration.ofSeconds(20)).isEmpty(), t + " has records to look through");
            assertTrue(services.infra().kafka().read(t, Integer.MAX_VALUE, Duration.ofSeconds(5),
                    r -> secrets.stream().anyMatch(secret -> r.value().contains(secret))).isEmpty(), t + " holds a provider key");
        }
        try (java.sql.Connection c = services.infra().jdbc(); java.sql.Statement s = c.createStatement()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (java.sql.ResultSet r = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                    + " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            assertTrue(tables.contains("ingest.proxy_call") && tables.contains("ingest.provider_key"), tables.toString());
            for (String secret : secrets) {
                for (String table : tables) {
                    try (java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM " + table + " x WHERE x::text LIKE '%" + secret + "%'")) {
                        r.next();
                        assertEquals(0, r.getLong(1), table + " holds a provider key");
                    }
                }
                // bytea reads as hex in a row's text: the sealed column is searched byte for byte
                try (java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM ingest.provider_key WHERE position(convert_to('" + secret
                        + "', 'UTF8') in ciphertext) > 0")) {
                    r.next();
                    assertEquals(0, r.getLong(1), "a stored key is sealed, not kept as it is");
                }
            }
        }
    }
}
