package dev.tokenledger.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.notifier.Fixtures;
import dev.tokenledger.notifier.receivers.HttpReceiver;
import dev.tokenledger.testinfra.InfraEnv;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a real process on the shared
 * PostgreSQL, Kafka and Keycloak: it is killed with SIGKILL while a delivery is between retries (the
 * receiver answers 500), and a new process on the same database delivers it — once. Then two
 * processes run side by side and each of ten alerts is delivered once, in order.
 */
class RestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final InfraEnv env = InfraEnv.get();
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String database = "test_" + id;
    private final String suffix = ".t" + id;

    @Test
    void aDeliveryPendingWhenTheServiceIsKilledIsCompletedAfterARestart() throws Exception {
        sql("postgres", "CREATE DATABASE " + database);
        Process first = null;
        Process second = null;
        Process third = null;
        try (HttpReceiver receiver = HttpReceiver.start()) {
            receiver.failNext("/restart", 1_000_000);
            int port = freePort();
            first = start("first", port);
            String token = token();
            JsonNode channel = call("POST", port, "/v1/channels", token,
                    Map.of("name", "restart hook", "type", "webhook", "url", receiver.url("/restart")));
            call("POST", port, "/v1/routes", token, Map.of("name", "all", "channel_ids", List.of(channel.get("id").asLong())));
            BudgetEvent e = Fixtures.threshold("restart-" + id, "1", "b1", 100, "critical", "200.00", "200.00", null);
            publish(e);

            // mid-retry: attempts have failed and the delivery waits for its next one
            await().atMost(Duration.ofSeconds(60)).until(() -> attempts() >= 2);
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertFalse(first.isAlive());
            int attemptsBeforeKill = attempts();
            assertEquals("pending", status(), "the delivery survives the kill in PostgreSQL");
            receiver.failNext("/restart", 0);

            second = start("second", freePort());
            await().atMost(Duration.ofSeconds(60)).until(() -> "delivered".equals(status()));
            List<HttpReceiver.Request> ok = receiver.accepted("/restart");
            assertEquals(1, ok.size(), "delivered once");
            assertTrue(ok.get(0).body().contains(e.eventId()));
            assertEquals(attemptsBeforeKill + 1, attempts(), "the new process went on counting the same delivery's attempts");
            assertEquals(attemptsBeforeKill + 1, count("SELECT count(*) FROM notifier.delivery_attempt"));
            assertEquals(1, count("SELECT count(*) FROM notifier.delivery"));
            assertEquals(2, count("SELECT count(DISTINCT sent_by) FROM notifier.delivery_attempt"),
                    "the failed attempts were the killed process's, the delivered one the new process's");

            // two replicas side by side, both wanting the same channel's ten queued alerts: the channel lease
            // lets one send at a time, so each alert goes once and in order
            receiver.failNext("/restart", 1_000_000);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                BudgetEvent next = Fixtures.threshold("replicas-" + i + "-" + id, "1", "b1", 100 + i, "critical", "200.00", "200.00", null);
                ids.add(next.eventId());
                publish(next);
            }
            // the killed process is still a member of the consumer group until its Kafka session times out
            await().atMost(Duration.ofSeconds(90)).until(() -> count("SELECT count(*) FROM notifier.delivery") == 11);
            third = start("third", freePort());
            receiver.failNext("/restart", 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM notifier.delivery WHERE status = 'delivered'") == 11);
            List<String> received = receiver.accepted("/restart").stream().skip(1)
                    .map(r -> ids.stream().filter(x -> r.body().contains("\"" + x + "\"")).findFirst().orElse("?")).toList();
            assertEquals(ids, received, "each once, in event order, with two replicas dispatching");
        } finally {
            stop(first);
            stop(second);
            stop(third);
            sql("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private Process start(String name, int port) throws Exception {
        String jar = System.getProperty("notifier.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        int management = freePort();
        Map<String, String> props = Map.ofEntries(
                Map.entry("quarkus.http.port", Integer.toString(port)),
                Map.entry("quarkus.management.port", Integer.toString(management)),
                Map.entry("quarkus.datasource.reactive.url", env.reactiveUrl(database)),
                Map.entry("quarkus.datasource.jdbc.url", env.jdbcUrl(database)),
                Map.entry("quarkus.datasource.username", env.dbUser()),
                Map.entry("quarkus.datasource.password", env.dbPassword()),
                Map.entry("kafka.bootstrap.servers", env.kafkaBootstrap()),
                Map.entry("quarkus.oidc.auth-server-url", env.oidcUrl()),
                Map.entry("tokenledger.topic-suffix", suffix),
                Map.entry("kafka.session.timeout.ms", "10000"),
                Map.entry("tokenledger.notifier.delivery.poll-interval", "200ms"),
                Map.entry("tokenledger.notifier.delivery.lease", "3s"),
                Map.entry("tokenledger.notifier.delivery.initial-backoff", "500ms"),
                Map.entry("tokenledger.notifier.delivery.max-backoff", "2s"),
                Map.entry("tokenledger.notifier.delivery.max-attempts", "1000"),
                Map.entry("tokenledger.notifier.delivery.breaker-failures", "3"),
                Map.entry("tokenledger.notifier.delivery.breaker-open", "1s"),
                Map.entry("tokenledger.notifier.targets.allow-loopback", "true"),
                Map.entry("tokenledger.notifier.targets.http-allowed-hosts", "127.0.0.1"));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "restart-it-" + name + ".log").toFile()).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertTrue(p.isAlive(), "the " + name + " process exited; see target/restart-it-" + name + ".log");
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private JsonNode call(String method, int port, String path, String token, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body());
    }

    private String token() throws Exception {
        String form = "grant_type=password&client_id=tokenledger-cli&username=alice&password="
                + URLEncoder.encode("demo-password", StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(env.oidcUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body()).get("access_token").asText();
    }

    private void publish(BudgetEvent e) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", env.kafkaBootstrap(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("budget.events" + suffix, e.tenantId(), Json.write(e))).get();
        }
    }

    private int attempts() throws Exception {
        return count("SELECT COALESCE(max(attempts), 0) FROM notifier.delivery");
    }

    private String status() throws Exception {
        try (Connection c = DriverManager.getConnection(env.jdbcUrl(database), env.dbUser(), env.dbPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT status FROM notifier.delivery")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private int count(String query) throws Exception {
        try (Connection c = DriverManager.getConnection(env.jdbcUrl(database), env.dbUser(), env.dbPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void sql(String db, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(env.jdbcUrl(db), env.dbUser(), env.dbPassword()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
