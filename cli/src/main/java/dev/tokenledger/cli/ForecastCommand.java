package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cost forecast}: burn rate, month-end projection with its interval, next month, and how well the method did. */
@Command(name = "forecast", mixinStandardHelpOptions = true, description = "Burn rate, month-end projection, next month, backtest error.")
public final class ForecastCommand implements Runnable {

    @Mixin
    Connection api;
    @Mixin
    ReportQuery query;
    @Mixin
    Output output;

    @Override
    public void run() {
        JsonNode f = api.get("report", "/v1/reports/forecast" + query.filters());
        Output.Pairs pairs = new Output.Pairs();
        for (String[] line : new String[][] {{"month to date", "/month_to_date/amount"}, {"burn rate per day", "/burn_rate_per_day/amount"},
                {"month-end projection", "/month_end_projection/amount"}, {"  interval low", "/month_end_interval/low/amount"},
                {"  interval high", "/month_end_interval/high/amount"}, {"next month " + f.at("/next_month/month").asText(""),
                "/next_month/expected/amount"}, {"  low", "/next_month/low/amount"}, {"  high", "/next_month/high/amount"},
                {"  method", "/next_month/method"}, {"backtest windows", "/backtest/windows"},
                {"backtest error (MAPE %)", "/backtest/mean_absolute_percentage_error"},
                {"interval coverage %", "/backtest/interval_coverage_percent"}}) {
            pairs.add(line[0], shown(f.at(line[1]).asText(""), line[1]));
        }
        output.print(System.out, f, pairs);
    }

    /** Money rounded to cents in a table; exact otherwise. */
    private String shown(String v, String pointer) {
        return output.format == Output.Format.table && pointer.endsWith("/amount") && !v.isEmpty()
                ? new java.math.BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString() : v;
    }
}
