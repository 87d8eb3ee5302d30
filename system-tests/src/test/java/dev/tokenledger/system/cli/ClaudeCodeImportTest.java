package dev.tokenledger.system.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.system.proxy.ProxyStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cost import claude-code}: Claude Code's session logs (fixtures in its format: two projects,
 * a resumed session repeating messages, a sub-agent's sidechain, 5-minute and 1-hour cache writes, a
 * synthetic message and a cut line) become one usage event per message, with the exact tokens and
 * cost; importing them again adds nothing.
 */
class ClaudeCodeImportTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "claude-code");
    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        stack = CliJar.services();
    }

    private static String cli(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(CliJar.command(args)).redirectErrorStream(true);
        CliJar.pointAt(stack, pb.environment());
        pb.environment().put("TOKENLEDGER_TOKEN", stack.admin());
        Process p = pb.start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the CLI finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The fixtures with RUN and DAY replaced, in a directory of their own. */
    private static Path logs(String run, LocalDate day) throws Exception {
        Path root = Files.createTempDirectory("claude-projects");
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                Path target = root.resolve(FIXTURES.relativize(f).toString().replace("RUN", run));
                Files.createDirectories(target.getParent());
                Files.writeString(target, Files.readString(f).replace("RUN", run).replace("DAY", day.toString()));
            }
        }
        return root;
    }

    @Test
    void everyMessageIsImportedOnceWithItsExactTokensAndCostAndASecondImportAddsNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Path logs = logs(run, day);

        String first = cli("cost", "import", "claude-code", logs.toString());
        assertTrue(first.contains("3 files, 15 lines: 8 assistant messages with usage, 3 repeated (counted once), 6 other lines skipped,"
                + " 1 malformed skipped"), first);
        assertTrue(first.contains("5 events sent: 5 new, 0 already imported"), first);
        assertTrue(first.contains("cost of these sessions: "), first);

        String range = "--from=" + day + "T00:00:00Z";
        String to = "--to=" + day.plusDays(1) + "T00:00:00Z";
        JsonNode webshop = Json.mapper().readTree(cli("cost", "report", "--project", "webshop-" + run, "--agent", "claude-code", range, to,
                "--format", "json"));
        assertEquals(4, webshop.path("calls").asLong(), "msg 1, 2 and 5, and the sidechain's msg 3");
        assertEquals(25, webshop.at("/tokens/input").asLong());
        assertEquals(38_000, webshop.at("/tokens/cache_read").asLong());
        assertEquals(2_700, webshop.at("/tokens/cache_write").asLong(), "the 5-minute cache writes");
        assertEquals(600, webshop.at("/tokens/output").asLong());

        // the same messages recorded directly in canonical buckets cost the same, to the last digit
        String direct = "webshop-direct-" + run;
        for (Map<String, Integer> usage : List.of(
                Map.of("input_tokens", 4, "cache_write_tokens", 1500, "cache_read_tokens", 10_000, "output_tokens", 120),
                Map.of("input_tokens", 6, "cache_write_tokens", 500, "cache_write_1h_tokens", 1500, "cache_read_tokens", 11_500, "output_tokens", 340),
                Map.of("input_tokens", 12, "cache_read_tokens", 3_000, "output_tokens", 80),
                Map.of("input_tokens", 3, "cache_write_tokens", 700, "cache_read_tokens", 13_500, "output_tokens", 60))) {
            stack.recordUsage(direct, "anthropic", "claude-sonnet-4-5-20250929", usage);
        }
        BigDecimal expected = stack.cost(direct, 4);
        assertTrue(expected.signum() > 0);
        assertEquals(0, expected.compareTo(new BigDecimal(webshop.at("/total/amount").asText())), webshop.toString());

        JsonNode sessions = Json.mapper().readTree(cli("cost", "top", "--by", "session", "--project", "webshop-" + run, range, to, "--format", "json"));
        assertEquals(3, sessions.at("/groups/0/calls").asLong(), "the resumed session's repeats stay with the session that wrote them first");
        assertEquals("session-a-" + run, sessions.at("/groups/0/key/session").asText());
        JsonNode analytics = Json.mapper().readTree(cli("cost", "report", "--project", "analytics-" + run, range, to, "--format", "json"));
        assertEquals(1, analytics.path("calls").asLong());
        assertEquals(40, analytics.at("/tokens/input").asLong());

        String again = cli("cost", "import", "claude-code", logs.toString());
        assertTrue(again.contains("5 events sent: 0 new, 5 already imported"), again);
        assertEquals(4, Json.mapper().readTree(cli("cost", "report", "--project", "webshop-" + run, range, to, "--format", "json"))
                .path("calls").asLong());
    }
}
