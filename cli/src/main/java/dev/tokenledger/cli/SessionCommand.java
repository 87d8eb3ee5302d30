package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code cost session [ID]}: one session's detail, or that of the session that ended last in the period. */
@Command(name = "session", mixinStandardHelpOptions = true, description = {"One session: its span, models, calls, tokens and cost, per call and per minute.",
        "Example: tokenledger cost session            (the latest session of today)"})
public final class SessionCommand implements Runnable {

    @Mixin
    Connection api;
    @Mixin
    ReportQuery query;
    @Mixin
    Output output;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The session (default: the one that ended last in --period, today by default).")
    String id;

    @Override
    public void run() {
        String session = id;
        if (session == null) {
            if (query.period == null && query.from == null) {
                query.period = "today";
            }
            JsonNode list = api.get("report", "/v1/reports/sessions" + query.query(Map.of("top", "1000")));
            JsonNode latest = null;
            for (JsonNode s : list.path("sessions")) {
                if (latest == null || s.path("end").asText().compareTo(latest.path("end").asText()) > 0) {
                    latest = s;
                }
            }
            if (latest == null) {
                throw new ApiException("no session in the period");
            }
            session = latest.path("session").asText();
        }
        JsonNode s = api.get("report", "/v1/reports/sessions/" + Connection.enc(session).replace("+", "%20"));
        boolean table = output.format == Output.Format.table;
        Output.Pairs pairs = new Output.Pairs();
        pairs.add("session", s.path("session").asText()).add("start", s.path("start").asText()).add("end", s.path("end").asText())
                .add("duration (s)", s.path("duration_seconds").asText()).add("models", String.join(", ", texts(s.path("models"))))
                .add("calls", s.path("calls").asText()).add("errors", s.path("errors").asText())
                .add("unpriced calls", s.path("unpriced_calls").asText()).add("tokens", s.path("total_tokens").asText())
                .add("cost", money(s.at("/cost/amount").asText(), table)).add("per call", money(s.at("/average_cost_per_call/amount").asText(), table))
                .add("per minute", money(s.at("/cost_per_minute/amount").asText(), table)).add("tokens per minute", s.path("tokens_per_minute").asText());
        output.print(System.out, s, pairs);
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String money(String v, boolean table) {
        return table && !v.isEmpty() ? new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString() : v;
    }
}
