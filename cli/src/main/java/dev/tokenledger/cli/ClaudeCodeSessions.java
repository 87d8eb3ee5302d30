package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Claude Code's session logs ({@code ~/.claude/projects/<dir>/<session>.jsonl}) as usage events: one
 * per assistant message with usage, keyed by message id and request id (the same message is written
 * again in resumed sessions and by streaming; counted once, as ccusage does). Session = the line's
 * session id (a sub-agent's sidechain messages carry their session's), project = the name of the
 * working directory, agent = {@code claude-code}. Anything else — user lines, summaries, synthetic
 * messages, lines that are not JSON — is counted and skipped. Plain Java: tested without a server.
 */
public final class ClaudeCodeSessions {

    /** What the files held. */
    public static final class Tally {
        public int files;
        public long lines;
        public long messages;
        public long duplicates;
        public long skipped;
        public long malformed;
    }

    private final Tally tally = new Tally();
    private final Set<String> seen = new HashSet<>();
    private final List<ObjectNode> events = new ArrayList<>();

    public Tally tally() {
        return tally;
    }

    public List<ObjectNode> events() {
        return events;
    }

    /** Reads every {@code .jsonl} file under {@code root}, in a stable order. */
    public ClaudeCodeSessions readAll(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".jsonl") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path f : files) {
            read(f);
        }
        return this;
    }

    void read(Path file) throws IOException {
        tally.files++;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                tally.lines++;
                JsonNode entry;
                try {
                    entry = Connection.json().readTree(line);
                } catch (IOException e) {
                    tally.malformed++;
                    continue;
                }
                line(entry);
            }
        }
    }

    private void line(JsonNode entry) {
        JsonNode message = entry.path("message");
        JsonNode usage = message.path("usage");
        String model = message.path("model").asText("");
        if (!"assistant".equals(entry.path("type").asText()) || !usage.isObject() || model.isEmpty() || model.startsWith("<")) {
            tally.skipped++;
            return;
        }
        String messageId = message.path("id").asText("");
        String requestId = entry.path("requestId").asText("");
        String timestamp = entry.path("timestamp").asText("");
        if (messageId.isEmpty() || timestamp.isEmpty()) {
            tally.malformed++;
            return;
        }
        tally.messages++;
        if (!seen.add(messageId + ":" + requestId)) {
            tally.duplicates++;
            return;
        }
        ObjectNode event = Connection.json().createObjectNode();
        event.put("event_id", "claude-code-" + messageId + (requestId.isEmpty() ? "" : "-" + requestId));
        event.put("occurred_at", timestamp);
        event.put("provider", "anthropic");
        event.put("model", model);
        event.put("operation", "chat");
        if (!requestId.isEmpty()) {
            event.put("request_id", requestId);
        }
        event.set("provider_usage", usage);
        ObjectNode who = event.putObject("attribution");
        who.put("agent", "claude-code");
        String cwd = entry.path("cwd").asText("");
        if (!cwd.isEmpty()) {
            Path dir = Path.of(cwd).getFileName();
            who.put("project", dir != null ? dir.toString() : cwd);
        }
        if (entry.hasNonNull("sessionId")) {
            who.put("session", entry.get("sessionId").asText());
        }
        events.add(event);
    }
}
