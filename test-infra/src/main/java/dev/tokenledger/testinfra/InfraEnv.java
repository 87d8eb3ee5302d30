package dev.tokenledger.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where the shared test infrastructure (real PostgreSQL, Kafka, Keycloak) listens. One set serves a
 * whole build: {@code ./tokenledger test} starts it before Maven and passes its {@code infra.env}
 * in {@code TOKENLEDGER_INFRA_ENV}; a test run without it attaches to the set in
 * {@code .tokenledger/test} when that is running, and otherwise starts it there (through the same
 * launcher, under a file lock so parallel JVMs start it once) and leaves it running for the next
 * module; {@code ./tokenledger infra down} stops it.
 */
public record InfraEnv(Path stateDir, int pgPort, String dbUser, String dbPassword, String kafkaBootstrap, String keycloakUrl) {

    private static InfraEnv current;

    public static synchronized InfraEnv get() {
        if (current == null) {
            current = attachOrStart();
        }
        return current;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + pgPort + "/" + database;
    }

    public String oidcUrl() {
        return keycloakUrl + "/realms/tokenledger";
    }

    private static InfraEnv attachOrStart() {
        String explicit = System.getenv("TOKENLEDGER_INFRA_ENV");
        if (explicit != null && !explicit.isBlank()) {
            InfraEnv env = read(Path.of(explicit));
            if (!env.reachable()) {
                throw new IllegalStateException("TOKENLEDGER_INFRA_ENV=" + explicit + " names infrastructure that is not running");
            }
            return env;
        }
        Path root = repoRoot();
        Path state = root.resolve(".tokenledger/test");
        Path envFile = state.resolve("infra.env");
        try {
            Files.createDirectories(state);
            try (FileChannel channel = FileChannel.open(state.resolve("start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.exists(envFile)) {
                    InfraEnv env = read(envFile);
                    if (env.reachable()) {
                        return env;
                    }
                }
                launch(root, "infra", "up", "--state", state.toString(), "--free-ports");
                InfraEnv env = read(envFile);
                System.out.println("[tokenledger] started the shared test infrastructure in " + state
                        + "; it stays up for the next test run. Stop it with: ./tokenledger infra down");
                return env;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the launcher on this set's state directory, e.g. {@code infra kafka-stop}; for fault-injection tests. */
    public void control(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--state";
        full[args.length + 1] = stateDir.toString();
        try {
            launch(repoRoot(), full);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void launch(Path root, String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = root.resolve("tokenledger").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Path log = root.resolve(".tokenledger/test/launcher.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("starting the test infrastructure failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The repository checkout the tests run in (the folder holding the tokenledger launcher). */
    public static Path repoRoot() {
        String configured = System.getProperty("tokenledger.repo.root");
        Path dir = Path.of(configured != null ? configured : "").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("tokenledger")) && Files.exists(p.resolve("infra"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the tokenledger repository root above " + dir);
    }

    static InfraEnv read(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new InfraEnv(file.toAbsolutePath().getParent(), Integer.parseInt(p.getProperty("PG_PORT")), p.getProperty("DB_USER"), p.getProperty("DB_PASSWORD"),
                p.getProperty("KAFKA_BOOTSTRAP_SERVERS"), p.getProperty("KEYCLOAK_URL"));
    }

    boolean reachable() {
        int kafkaPort = Integer.parseInt(kafkaBootstrap.substring(kafkaBootstrap.lastIndexOf(':') + 1));
        int keycloakPort = Integer.parseInt(keycloakUrl.substring(keycloakUrl.lastIndexOf(':') + 1));
        return open(pgPort) && open(kafkaPort) && open(keycloakPort);
    }

    private static boolean open(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) Duration.ofSeconds(1).toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("postgres", "127.0.0.1:" + pgPort);
        m.put("kafka", kafkaBootstrap);
        m.put("keycloak", keycloakUrl);
        return m;
    }
}
