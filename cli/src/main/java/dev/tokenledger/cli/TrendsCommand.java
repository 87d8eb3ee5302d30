package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code cost trends [--granularity day]}: cost per bucket, and a sparkline of it under the table. */
@Command(name = "trends", mixinStandardHelpOptions = true, description = "Cost per hour, day, week or month, with a sparkline.")
public final class TrendsCommand implements Runnable {

    @Mixin
    Connection api;
    @Mixin
    ReportQuery query;
    @Mixin
    Output output;

    @Option(names = "--granularity", defaultValue = "day", description = "hour, day, week or month (default: ${DEFAULT-VALUE}).")
    String granularity;

    @Override
    public void run() {
        JsonNode series = api.get("report", "/v1/reports/timeseries" + query.query(Map.of("granularity", granularity)));
        boolean table = output.format == Output.Format.table;
        output.print(System.out, series, series.path("points"), List.of(
                Output.Column.text("start", table ? "/local_start" : "/start"),
                Output.Column.number("cost", table ? "/cost_display" : "/cost/amount"),
                Output.Column.number("calls", "/calls"),
                Output.Column.number("tokens", "/tokens"),
                Output.Column.number("unpriced", "/unpriced_calls")));
        if (table) {
            List<BigDecimal> costs = new ArrayList<>();
            series.path("points").forEach(p -> costs.add(new BigDecimal(p.path("cost").path("amount").asText("0"))));
            System.out.println(Sparkline.of(costs) + "  total " + series.path("total_display").asText() + " "
                    + series.path("total").path("currency").asText());
        }
    }
}
