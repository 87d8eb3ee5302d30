package dev.tokenledger.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Services of this repository run as real processes from their built jars
 * ({@code <name>-service/target/quarkus-app/quarkus-run.jar}, and {@code console} from
 * {@code admin-ui/target/…}, as {@code ./tokenledger up} runs them)
 * against the shared test infrastructure, for tests that cross services. The services of one
 * instance share a fresh database (each keeps its own schema, as in the stack) and a topic suffix
 * of their own, so they see only each other. Each logs to {@code target/services/<name>.log}.
 */
public final class RunningServices implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(180);
    private static final Set<Integer> TAKEN = new HashSet<>();

    private final InfraEnv env;
    private final TestInfra infra;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final class Service {
        final String name;
        final int port;
        /** Health and metrics: the management interface, apart from the API port. */
        final int managementPort;
        final Map<String, String> settings;
        /** Started with its settings alone (and its ports): nothing of the test infrastructure is filled in. */
        boolean settingsOnly;
        Process process;

        Service(String name, int port, int managementPort, Map<String, String> settings) {
            this.name = name;
            this.port = port;
            this.managementPort = managementPort;
            this.settings = settings;
        }
    }

    private RunningServices(InfraEnv env, TestInfra infra) {
        this.env = env;
        this.infra = infra;
    }

    /** A fresh database and topic suffix on the shared infrastructure; nothing runs yet. */
    public static RunningServices onSharedInfrastructure() {
        InfraEnv env = InfraEnv.get();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
        String database = "system_" + id;
        TokenledgerInfra.execute(env, "CREATE DATABASE " + database);
        return new RunningServices(env, new TestInfra(env, database, ".s" + id));
    }

    /** Tokens, topics and a JDBC connection to the services' database. */
    public TestInfra infra() {
        return infra;
    }

    /**
     * Starts {@code <name>-service} (e.g. {@code pricing}) with settings given as environment
     * variables (e.g. {@code TOKENLEDGER_BUDGET_PRICING_URL}); does not wait for it. A further
     * replica of a service is named {@code <name>#<n>} (e.g. {@code budget#2}): the same jar, a port
     * and a log of its own.
     */
    public RunningServices start(String name, Map<String, String> settings) {
        Service s = services.computeIfAbsent(name, n -> new Service(n, freePort(), freePort(), new LinkedHashMap<>(settings)));
        launch(s);
        return this;
    }

    /**
     * Starts {@code <name>-service} with exactly {@code environment} (as a deployment renders it) and
     * the ports of this run: no database, broker or OIDC setting is added, so a setting the
     * environment misses or misnames shows as a service that does not start.
     */
    public RunningServices startWithExactly(String name, Map<String, String> environment) {
        Service s = new Service(name, freePort(), freePort(), new LinkedHashMap<>(environment));
        s.settingsOnly = true;
        services.put(name, s);
        launch(s);
        return this;
    }

    /** The shared infrastructure's addresses and credentials. */
    public InfraEnv infraEnv() {
        return env;
    }

    /** Where a started service answers, e.g. {@code http://127.0.0.1:23456}; known before it is ready. */
    public String url(String name) {
        return "http://127.0.0.1:" + service(name).port;
    }

    /** Where a started service's health checks and metrics answer (its management port). */
    public String managementUrl(String name) {
        return "http://127.0.0.1:" + service(name).managementPort;
    }

    /** Waits, with a deadline, until every started service answers its readiness check. */
    public RunningServices awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        for (Service s : services.values()) {
            while (s.process != null && !ready(s)) {
                if (!s.process.isAlive()) {
                    throw new IllegalStateException(s.name + "-service exited with " + s.process.exitValue() + " while starting:\n" + tail(s));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(s.name + "-service was not ready within " + READY_WITHIN.toSeconds() + " s:\n" + tail(s));
                }
                pause(Duration.ofMillis(250));
            }
        }
        return this;
    }

    /** {@code kill -9}: the service dies without shutting down. */
    public void kill(String name) {
        Service s = service(name);
        if (s.process != null) {
            s.process.destroyForcibly();
            waitFor(s.process);
            s.process = null;
        }
    }

    /** Starts a killed or planned service again, on the same port with the same settings. */
    public RunningServices restart(String name) {
        kill(name);
        launch(service(name));
        return this;
    }

    @Override
    public void close() {
        for (Service s : services.values()) {
            if (s.process != null) {
                s.process.destroy();
            }
        }
        for (Service s : services.values()) {
            if (s.process != null) {
                waitFor(s.process);
            }
        }
        infra.close();
        TokenledgerInfra.execute(env, "DROP DATABASE IF EXISTS " + infra.database() + " WITH (FORCE)");
    }

    private Service service(String name) {
        Service s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException(name + "-service was not started here");
        }
        return s;
    }

    private void launch(Service s) {
        String module = s.name.contains("#") ? s.name.substring(0, s.name.indexOf('#')) : s.name;
        // "console" is the web console, module admin-ui; every other name is <name>-service
        Path jar = InfraEnv.repoRoot().resolve((module.equals("console") ? "admin-ui" : module + "-service") + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package -DskipTests, or run the whole build)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> e = pb.environment();
        if (s.settingsOnly) {
            e.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("TOKENLEDGER_") || k.startsWith("KAFKA_"));
            e.putAll(s.settings);
            e.put("QUARKUS_HTTP_PORT", Integer.toString(s.port));
            e.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(s.managementPort));
        } else {
            defaults(e, s);
        }
        Path log = Path.of("target", "services", s.name.replace('#', '-') + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            s.process = pb.start();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot start " + s.name + "-service", ex);
        }
    }

    private void defaults(Map<String, String> e, Service s) {
        e.put("QUARKUS_HTTP_PORT", Integer.toString(s.port));
        e.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(s.managementPort));
        e.put("QUARKUS_DATASOURCE_REACTIVE_URL", env.reactiveUrl(infra.database()));
        e.put("QUARKUS_DATASOURCE_JDBC_URL", env.jdbcUrl(infra.database()));
        e.put("QUARKUS_DATASOURCE_USERNAME", env.dbUser());
        e.put("QUARKUS_DATASOURCE_PASSWORD", env.dbPassword());
        e.put("KAFKA_BOOTSTRAP_SERVERS", env.kafkaBootstrap());
        e.put("QUARKUS_OIDC_AUTH_SERVER_URL", env.oidcUrl());
        e.put("TOKENLEDGER_TOPIC_SUFFIX", infra.topicSuffix());
        e.putAll(s.settings);
    }

    private boolean ready(Service s) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl(s.name) + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Service s) {
        Path log = Path.of("target", "services", s.name.replace('#', '-') + ".log").toAbsolutePath();
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** A port below the kernel's ephemeral range, where no outgoing connection can be holding it when the service binds. */
    private static synchronized int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (TAKEN.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
                TAKEN.add(port);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port found");
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
