package dev.tokenledger.system.deploy;

import dev.tokenledger.system.proxy.ProxyStack;
import dev.tokenledger.testinfra.InfraEnv;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric the alert rules and the Grafana dashboard name is served by the running services,
 * once they have seen usage: a call through the proxy (spend, proxy, ingest and decision metrics),
 * a budget (its utilisation) and a record no consumer can read (a dead letter).
 */
class ObservabilityMetricsTest {

    private static final Path FILES = InfraEnv.repoRoot().resolve("helm/tokenledger/files");
    private static final Pattern METRIC = Pattern.compile("\\b((?:tokenledger|kafka)_[a-z0-9_]+)\\b");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Set<String> named() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Path file : List.of(FILES.resolve("prometheus/alerts.yml"), FILES.resolve("grafana/tokenledger.json"))) {
            Matcher m = METRIC.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static String scrape(ProxyStack stack) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String service : List.of("ingest", "pricing", "budget", "report")) {
            all.append(HTTP.send(HttpRequest.newBuilder(URI.create(stack.services.managementUrl(service) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        return all.toString();
    }

    @Test
    void everyMetricOfTheRulesAndTheDashboardIsServedOnceUsageFlows() throws Exception {
        Set<String> named = named();
        assertTrue(named.containsAll(Set.of("tokenledger_spend_microusd_total", "tokenledger_decision_seconds_bucket",
                "tokenledger_budget_utilisation_ratio", "kafka_consumer_fetch_manager_records_lag", "tokenledger_dead_letters_total")), named.toString());

        ProxyStack stack = ProxyStack.get();
        String project = "metrics-" + UUID.randomUUID();
        given().baseUri(stack.services.url("budget")).auth().oauth2(stack.admin()).contentType("application/json")
                .body("{\"name\": \"metrics %s\", \"scope\": {\"project\": \"%s\"}, \"period\": \"month\", \"unit\": \"usd\", \"limit\": \"100\"}"
                        .formatted(project, project))
                .when().post("/v1/budgets").then().statusCode(201);
        HttpResponse<String> call = HTTP.send(HttpRequest.newBuilder(URI.create(stack.proxy("openai") + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ProxyStack.PROVIDER_KEY)
                .header("X-Tokenledger-Key", stack.key.value()).header("X-Tokenledger-Project", project)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"o4-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, call.statusCode(), call.body());
        // a record the pricing-service cannot read: dead-lettered, and counted
        stack.services.infra().kafka().send(stack.services.infra().topic("usage.raw"), "acme", "{\"not\": \"a usage event\"");

        Set<String> missing = new TreeSet<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String metrics = scrape(stack);
            missing.clear();
            for (String name : named) {
                if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(metrics).find()) {
                    missing.add(name);
                }
            }
            return missing.isEmpty() && Pattern.compile("(?m)^tokenledger_spend_microusd_total\\{[^}]*tenant=\"acme\"[^}]*} [1-9]").matcher(metrics).find();
        });
        assertEquals(Set.of(), missing);
    }
}
