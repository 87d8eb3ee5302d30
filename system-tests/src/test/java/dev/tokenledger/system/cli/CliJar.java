package dev.tokenledger.system.cli;

import dev.tokenledger.system.proxy.ProxyStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built command line, run as its own process against the shared services. */
final class CliJar {

    static final Path JAR = Path.of("..", "cli", "target", "tokenledger-cli.jar");

    private CliJar() {
    }

    /** The services the CLI talks to (started once per run), after checking the jar is built. */
    static ProxyStack services() {
        assertTrue(Files.exists(JAR), "the CLI is built: " + JAR.toAbsolutePath());
        return ProxyStack.get();
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Points the CLI's environment at the services, with no token of its own. */
    static void pointAt(ProxyStack stack, Map<String, String> env) {
        env.remove("TOKENLEDGER_TOKEN");
        env.put("TOKENLEDGER_KEYCLOAK_URL", stack.services.infra().keycloakUrl());
        for (String service : List.of("ingest", "pricing", "budget", "report")) {
            env.put("TOKENLEDGER_" + service.toUpperCase() + "_URL", stack.services.url(service));
        }
    }
}
