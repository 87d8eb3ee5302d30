package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code cost import claude-code [DIR]}: past Claude Code sessions as usage events; a second import adds nothing. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import past agent sessions.",
        subcommands = {ImportCommand.ClaudeCode.class})
public final class ImportCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "claude-code", mixinStandardHelpOptions = true,
            description = {"Every assistant message of Claude Code's session logs, once.", "Example: tokenledger cost import claude-code ~/.claude/projects"})
    static final class ClaudeCode implements Runnable {

        static final int BATCH = 500;

        @Mixin
        Connection api;

        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Where the session logs are (default: ~/.claude/projects).")
        Path dir;

        @Override
        public void run() {
            Path root = dir != null ? dir : Path.of(System.getProperty("user.home"), ".claude", "projects");
            if (!Files.isDirectory(root)) {
                throw new ApiException("no directory " + root);
            }
            ClaudeCodeSessions sessions = new ClaudeCodeSessions();
            try {
                sessions.readAll(root);
            } catch (IOException e) {
                throw new ApiException("cannot read " + root + ": " + e.getMessage());
            }
            List<ObjectNode> events = sessions.events();
            long accepted = 0;
            long known = 0;
            for (int i = 0; i < events.size(); i += BATCH) {
                ArrayNode batch = Connection.json().createArrayNode();
                events.subList(i, Math.min(events.size(), i + BATCH)).forEach(batch::add);
                JsonNode answer = api.post("ingest", "/v1/usage-events", batch);
                accepted += answer.path("accepted").asLong();
                known += answer.path("duplicates").asLong();
            }
            ClaudeCodeSessions.Tally t = sessions.tally();
            System.out.printf("%d files, %d lines: %d assistant messages with usage, %d repeated (counted once), %d other lines skipped,"
                    + " %d malformed skipped%n", t.files, t.lines, t.messages, t.duplicates, t.skipped, t.malformed);
            System.out.printf("%d events sent: %d new, %d already imported%n", events.size(), accepted, known);
            if (!events.isEmpty()) {
                printCost(events);
            }
        }

        /** What the imported sessions cost, once the pipeline has priced them (waits up to 30 s). */
        private void printCost(List<ObjectNode> events) {
            java.time.Instant from = events.stream().map(e -> java.time.Instant.parse(e.path("occurred_at").asText())).min(java.util.Comparator.naturalOrder())
                    .orElseThrow();
            java.time.Instant to = events.stream().map(e -> java.time.Instant.parse(e.path("occurred_at").asText())).max(java.util.Comparator.naturalOrder())
                    .orElseThrow().plusMillis(1);
            String query = "/v1/reports/summary?agent=claude-code&from=" + Connection.enc(from.toString()) + "&to=" + Connection.enc(to.toString());
            long deadline = System.nanoTime() + 30_000_000_000L;
            JsonNode summary = api.get("report", query);
            while (summary.path("calls").asLong() < events.size() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                summary = api.get("report", query);
            }
            System.out.printf("cost of these sessions: %s %s (%d calls priced so far, %d unpriced)%n", summary.at("/total/amount").asText(),
                    summary.at("/total/currency").asText(), summary.path("calls").asLong() - summary.path("unpriced_calls").asLong(),
                    summary.path("unpriced_calls").asLong());
        }
    }
}
