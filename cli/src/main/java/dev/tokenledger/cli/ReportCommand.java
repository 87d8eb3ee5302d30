package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** {@code cost report [--by model,project]}: the period's totals, and its breakdown when asked. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Totals of a period, and a breakdown with --by.")
public final class ReportCommand implements Runnable {

    @Mixin
    Connection api;
    @Mixin
    ReportQuery query;
    @Mixin
    Output output;

    @Option(names = "--by", split = ",", description = "Break down by one or two dimensions (model,project).")
    List<String> by;

    @Override
    public void run() {
        JsonNode summary = api.get("report", "/v1/reports/summary" + query.query(Map.of()));
        if (by == null || by.isEmpty()) {
            boolean table = output.format == Output.Format.table;
            Output.Pairs pairs = new Output.Pairs();
            for (String[] line : new String[][] {{"total", table ? "/total_display" : "/total/amount"}, {"currency", "/total/currency"},
                    {"calls", "/calls"}, {"errors", "/errors"}, {"unpriced calls", "/unpriced_calls"}, {"input tokens", "/tokens/input"},
                    {"cache read tokens", "/tokens/cache_read"}, {"cache write tokens", "/tokens/cache_write"}, {"output tokens", "/tokens/output"},
                    {"reasoning tokens", "/tokens/reasoning"}, {"from", "/period/from"}, {"to", "/period/to"}}) {
                pairs.add(line[0], summary.at(line[1]).asText());
            }
            output.print(System.out, summary, pairs);
            return;
        }
        JsonNode breakdown = api.get("report", "/v1/reports/breakdown" + query.query(Map.of("by", String.join(",", by), "top", "1000")));
        ObjectNode both = Connection.json().createObjectNode();
        both.set("summary", summary);
        both.set("breakdown", breakdown);
        output.print(System.out, both, breakdown.path("groups"), Groups.columns(by, output.format));
    }
}
