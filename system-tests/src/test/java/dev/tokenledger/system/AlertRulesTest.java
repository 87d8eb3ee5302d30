package dev.tokenledger.system;

import dev.tokenledger.testinfra.InfraEnv;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus alerting rules are valid and each alert fires, and stays quiet, when its unit tests say (promtool, installed by ./tokenledger install). */
class AlertRulesTest {

    private static final Path RULES = InfraEnv.repoRoot().resolve("observability/prometheus");

    @Test
    void theRulesAreValidPrometheusRules() throws Exception {
        String out = promtool("check", "rules", "alerts.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsUnitTestsSay() throws Exception {
        String out = promtool("test", "rules", "alerts-test.yml");
        assertTrue(out.contains("SUCCESS"), out);
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
