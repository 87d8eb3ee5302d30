package dev.tokenledger.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.testinfra.InfraEnv;
import dev.tokenledger.testinfra.RunningServices;
import dev.tokenledger.testinfra.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration the chart renders is the configuration the services read: each Deployment's
 * environment (its ConfigMap, its values, its Secret references resolved) pointed at the test
 * infrastructure through the chart's own values, each service jar started with exactly that
 * environment, ready, and answering an authenticated request; and the console, started the same
 * way, signing a user in through the realm and calling each service on her behalf.
 */
class ChartConfigurationTest {

    private static RunningServices services;

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyServiceStartsWithTheEnvironmentItsDeploymentRendersAndAnswersAnAuthenticatedCall() throws Exception {
        services = RunningServices.onSharedInfrastructure();
        InfraEnv env = services.infraEnv();
        String kek = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        List<JsonNode> objects = Helm.objects(Helm.template(List.of(),
                "external.postgres.host=127.0.0.1", "external.postgres.port=" + env.pgPort(),
                "external.postgres.database=" + services.infra().database(), "external.postgres.sslMode=disable",
                "external.kafka.bootstrapServers=" + env.kafkaBootstrap(), "external.kafka.topicSuffix=" + services.infra().topicSuffix(),
                "external.oidc.authServerUrl=" + env.oidcUrl(), "providerKeys.existingSecret=tl-provider-keys"));
        // what the cluster's Secrets would hold (the console's: the demo realm's secret of tokenledger-console)
        Map<String, Map<String, String>> secrets = Map.of(
                "tokenledger-postgres", Map.of("username", env.dbUser(), "password", env.dbPassword()),
                "tl-provider-keys", Map.of("key-encryption-key", kek),
                "tokenledger-console", Map.of("client-secret", "console-demo-secret",
                        "encryption-secret", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32))));
        JsonNode settings = Helm.named(objects, "ConfigMap", "tl-tokenledger-settings").path("data");

        // callees first, so that a caller's in-cluster address of them can be pointed at where they run here
        for (String name : List.of("pricing", "budget", "report", "ingest", "notifier", "console")) {
            JsonNode container = Helm.named(objects, "Deployment", "tl-tokenledger-" + name).path("spec").path("template").path("spec")
                    .path("containers").get(0);
            Map<String, String> environment = new LinkedHashMap<>();
            assertEquals("tl-tokenledger-settings", container.path("envFrom").get(0).path("configMapRef").path("name").asText());
            settings.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            for (JsonNode e : container.path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                String value = ref.isMissingNode() ? e.path("value").asText()
                        : secrets.get(ref.path("name").asText()).get(ref.path("key").asText());
                environment.put(e.path("name").asText(), inThisRun(value));
            }
            services.startWithExactly(name, environment);
        }
        services.awaitReady();

        String alice = services.infra().tokens().user("alice");
        for (String name : List.of("ingest", "pricing", "budget", "report", "notifier")) {
            given().baseUri(services.url(name)).auth().oauth2(alice).when().get("/v1/audit-log").then().statusCode(200);
            given().baseUri(services.url(name)).when().get("/v1/audit-log").then().statusCode(401);
        }
        // the key-encryption key from its Secret reached the ingest-service: a provider key can be stored
        given().baseUri(services.url("ingest")).auth().oauth2(alice).contentType("application/json")
                .body("{\"provider\": \"openai\", \"key\": \"sk-chart-configuration-check\"}").when().post("/v1/provider-keys")
                .then().statusCode(201);
        // the database and the topics are the ones the chart named (the services' built-in defaults point elsewhere)
        try (var c = services.infra().jdbc(); var q = c.createStatement();
             var r = q.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name IN"
                     + " ('ingest', 'pricing', 'budget', 'report', 'notifier')")) {
            r.next();
            assertEquals(5, r.getInt(1), "every service migrated its schema in the database the chart named");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        String eventId = "chart-" + java.util.UUID.randomUUID();
        given().baseUri(services.url("ingest")).auth().oauth2(services.infra().tokens().serviceAccount("acme")).contentType("application/json")
                .body("{\"event_id\": \"" + eventId + "\", \"provider\": \"openai\", \"model\": \"gpt-4o\", \"usage\": {\"input_tokens\": 10, \"output_tokens\": 5}}")
                .when().post("/v1/usage-events").then().statusCode(202);
        assertEquals(1, services.infra().kafka().read(services.infra().topic("usage.raw"), 1, java.time.Duration.ofSeconds(30),
                rec -> rec.value().contains(eventId)).size(), "the event is on the topic with the chart's suffix");
        // and the budget-service reaches the pricing-service at the address the chart gave it
        String quote = given().baseUri(services.url("budget")).auth().oauth2(services.infra().tokens().serviceAccount("acme"))
                .contentType("application/json").body("{\"request_id\": \"chart-check\", \"provider\": \"openai\", \"model\": \"gpt-4o\","
                        + " \"estimated_input_tokens\": 1000, \"max_output_tokens\": 100}")
                .when().post("/v1/decisions").then().statusCode(200).extract().asString();
        assertTrue(quote.contains("\"decision\""), quote);

        // the console: alice signs in through the realm with the client secret from its Secret, and the
        // console calls each service at the address the chart gave it, with her token
        HttpClient browser = signedInToTheConsole("alice", env.oidcUrl());
        for (String name : List.of("ingest", "pricing", "budget", "report", "notifier")) {
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(services.url("console") + "/api/" + name + "/audit-log")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), name + " through the console: " + page.body());
        }
    }

    /**
     * Signs {@code user} in to the console as a browser would: the console sends it to the realm's
     * login form, the realm back with a code, which the console exchanges with its client secret.
     * The client returned holds the console's session cookie.
     */
    private static HttpClient signedInToTheConsole(String user, String realm) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new BrowserCookies()).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> toLogin = browser.send(HttpRequest.newBuilder(URI.create(services.url("console") + "/overview")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, toLogin.statusCode(), toLogin.body());
        String authorize = toLogin.headers().firstValue("Location").orElseThrow();
        assertTrue(authorize.startsWith(realm + "/protocol/openid-connect/auth?") && authorize.contains("client_id=tokenledger-console"), authorize);

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher form = Pattern.compile("<form[^>]*\\bid=\"kc-form-login\"[^>]*>").matcher(login.body());
        assertTrue(login.statusCode() == 200 && form.find(), "the realm's login form:\n" + login.body());
        Matcher action = Pattern.compile("\\baction=\"([^\"]+)\"").matcher(form.group());
        assertTrue(action.find(), form.group());
        String credentials = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(Tokens.DEMO_PASSWORD, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> back = browser.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(credentials)).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = back.headers().firstValue("Location").orElse("");
        assertTrue(back.statusCode() == 302 && callback.startsWith(services.url("console") + "/overview") && callback.contains("code="),
                "the realm sends the browser back to the console with a code: " + back.statusCode() + " " + callback + "\n" + back.body());

        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(callback)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, signedIn.statusCode(), "the console exchanged the code for tokens: " + signedIn.body());
        assertTrue(signedIn.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("q_session")),
                "the console's session cookie: " + signedIn.headers().map());
        return browser;
    }

    /**
     * A browser's cookies on this machine, by name: Keycloak marks its cookies Secure, which browsers
     * honour over http on 127.0.0.1 and {@link java.net.CookieManager} does not. The console and
     * Keycloak differ only in port, which cookies ignore.
     */
    private static final class BrowserCookies extends CookieHandler {
        private final Map<String, String> jar = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            return jar.isEmpty() ? Map.of() : Map.of("Cookie", List.of(jar.entrySet().stream()
                    .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "))));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            responseHeaders.forEach((header, values) -> {
                if (header.equalsIgnoreCase("Set-Cookie")) {
                    values.forEach(this::set);
                }
            });
        }

        private void set(String setCookie) {
            String[] parts = setCookie.split(";");
            String name = parts[0].substring(0, parts[0].indexOf('=')).trim();
            String value = parts[0].substring(parts[0].indexOf('=') + 1).trim();
            boolean removed = value.isEmpty() || Arrays.stream(parts).map(p -> p.trim().toLowerCase(Locale.ROOT))
                    .anyMatch(p -> p.equals("max-age=0") || p.startsWith("expires=") && p.contains("1970"));
            if (removed) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
    }

    /** An in-cluster address of another service of the release, as this run reaches it. */
    private static String inThisRun(String value) {
        for (String name : List.of("pricing", "budget", "report", "ingest", "notifier")) {
            String prefix = "http://tl-tokenledger-" + name + ":";
            if (value.startsWith(prefix)) {
                return services.url(name);
            }
        }
        return value;
    }
}
