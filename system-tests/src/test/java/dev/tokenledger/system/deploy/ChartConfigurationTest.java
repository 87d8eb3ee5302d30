package dev.tokenledger.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.testinfra.InfraEnv;
import dev.tokenledger.testinfra.RunningServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration the chart renders is the configuration the services read: each Deployment's
 * environment (its ConfigMap, its values, its Secret references resolved) pointed at the test
 * infrastructure through the chart's own values, each service jar started with exactly that
 * environment, ready, and answering an authenticated request.
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
    void everyServiceStartsWithTheEnvironmentItsDeploymentRendersAndAnswersAnAuthenticatedCall() {
        services = RunningServices.onSharedInfrastructure();
        InfraEnv env = services.infraEnv();
        String kek = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        List<JsonNode> objects = Helm.objects(Helm.template(List.of(),
                "external.postgres.host=127.0.0.1", "external.postgres.port=" + env.pgPort(),
                "external.postgres.database=" + services.infra().database(), "external.postgres.sslMode=disable",
                "external.kafka.bootstrapServers=" + env.kafkaBootstrap(), "external.kafka.topicSuffix=" + services.infra().topicSuffix(),
                "external.oidc.authServerUrl=" + env.oidcUrl(), "providerKeys.existingSecret=tl-provider-keys"));
        // what the cluster's Secrets would hold
        Map<String, Map<String, String>> secrets = Map.of(
                "tokenledger-postgres", Map.of("username", env.dbUser(), "password", env.dbPassword()),
                "tl-provider-keys", Map.of("key-encryption-key", kek));
        JsonNode settings = Helm.named(objects, "ConfigMap", "tl-tokenledger-settings").path("data");

        // callees first, so that a caller's in-cluster address of them can be pointed at where they run here
        for (String name : List.of("pricing", "budget", "report", "ingest", "notifier")) {
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
