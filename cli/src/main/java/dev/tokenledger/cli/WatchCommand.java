package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code cost watch --session ID [--budget ID]}: one line — "$0.45 · 32.1K tok · 12 calls · 85 % left" —
 * redrawn in place as the session's calls are recorded (the report-service's live stream, resumed
 * after a cut with Last-Event-ID); a new line per update when the output is not a terminal.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, description = {"A session's running cost, redrawn as its calls land.",
        "Example: tokenledger cost watch --session $SESSION_ID --budget 42"})
public final class WatchCommand implements Runnable {

    @Mixin
    Connection api;

    @Option(names = "--session", required = true, description = "The session to follow.")
    String session;

    @Option(names = "--budget", description = "A budget whose remaining share is shown too.")
    Long budget;

    private BigDecimal cost = BigDecimal.ZERO;
    private long tokens;
    private long calls;
    private final Set<String> seen = new HashSet<>();
    private final boolean terminal = System.console() != null;

    @Override
    public void run() {
        try {
            JsonNode s = api.get("report", "/v1/reports/sessions/" + Connection.enc(session).replace("+", "%20"));
            cost = new BigDecimal(s.at("/cost/amount").asText("0"));
            tokens = s.path("total_tokens").asLong();
            calls = s.path("calls").asLong();
        } catch (ApiException e) {
            // a session with no call yet: start from nothing
        }
        String lastId = null;
        boolean drawn = false;
        while (true) {
            String path = "/v1/live?session=" + Connection.enc(session);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(api.stream("report", path, lastId), StandardCharsets.UTF_8))) {
                String id = null;
                StringBuilder data = new StringBuilder();
                for (String line; (line = in.readLine()) != null; ) {
                    if (!drawn) {
                        // the stream's first line (a heartbeat) says it is following: from here on no call is missed
                        draw();
                        drawn = true;
                    }
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && data.length() > 0) {
                        update(Connection.json().readTree(data.toString()));
                        lastId = id;
                        data.setLength(0);
                    }
                }
            } catch (IOException e) {
                // the stream was cut: reconnect and resume after the last update seen
            }
        }
    }

    private void update(JsonNode event) {
        if (!seen.add(event.path("event_id").asText())) {
            return; // a redelivered event is counted once
        }
        calls++;
        tokens += event.path("tokens").asLong();
        if (event.path("cost").hasNonNull("amount")) {
            cost = cost.add(new BigDecimal(event.at("/cost/amount").asText()));
        }
        draw();
    }

    private void draw() {
        StringBuilder line = new StringBuilder("$").append(cost.setScale(cost.compareTo(BigDecimal.ONE) < 0 ? 4 : 2, RoundingMode.HALF_EVEN)
                .toPlainString()).append(" · ").append(compact(tokens)).append(" tok · ").append(calls).append(calls == 1 ? " call" : " calls");
        if (budget != null) {
            JsonNode status = api.get("budget", "/v1/budgets/" + budget + "/status");
            BigDecimal used = new BigDecimal(status.path("percent_used").asText("0"));
            line.append(" · ").append(BigDecimal.valueOf(100).subtract(used).max(BigDecimal.ZERO).setScale(0, RoundingMode.FLOOR)).append(" % left");
        }
        if (terminal) {
            System.out.print("\r" + line + "\u001b[K");
            System.out.flush();
        } else {
            System.out.println(line);
        }
    }

    static String compact(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return BigDecimal.valueOf(n).divide(BigDecimal.valueOf(1_000), 1, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + "K";
        }
        return BigDecimal.valueOf(n).divide(BigDecimal.valueOf(1_000_000), 1, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + "M";
    }
}
