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

/**
 * The Prometheus alerting rules are valid and each alert fires, and stays quiet, when its unit tests
 * say; the example Alertmanager configuration is valid (promtool and amtool, installed by ./tokenledger install).
 */
class AlertRulesTest {

    private static final Path RULES = InfraEnv.repoRoot().resolve("helm/tokenledger/files/prometheus");

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

    @Test
    void theExampleAlertmanagerConfigurationIsValid() throws Exception {
        String out = run("amtool", "check-config", "alertmanager-example.yml");
        assertTrue(out.contains("SUCCESS") && out.contains("3 receivers"), out);
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        return run("promtool", args);
    }

    private static String run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), tool + " ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
