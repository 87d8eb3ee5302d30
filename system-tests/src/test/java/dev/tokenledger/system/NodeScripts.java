package dev.tokenledger.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Node programs the system tests run with real npm packages (installed by {@code ./tokenledger
 * install} from {@code src/test/node/package-lock.json}): each prints one JSON object as its last line.
 */
public final class NodeScripts {

    public static final Path PROJECT = Path.of("src", "test", "node");

    private NodeScripts() {
    }

    /** Fails unless {@code module} is installed. */
    public static void assertInstalled(String module) {
        assertTrue(Files.isDirectory(PROJECT.resolve("node_modules").resolve(module)),
                module + " is not installed: run ./tokenledger install (npm ci in system-tests/src/test/node)");
    }

    /** Runs {@code script} with {@code env}; fails unless it ends well within two minutes; its last line, read as JSON. */
    public static JsonNode run(String script, Map<String, String> env) throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", script).directory(PROJECT.toFile()).redirectErrorStream(true);
        node.environment().putAll(env);
        Process p = node.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        return Json.mapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
    }
}
