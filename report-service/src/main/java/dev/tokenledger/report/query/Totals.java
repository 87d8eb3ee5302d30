package dev.tokenledger.report.query;

import dev.tokenledger.common.money.Money;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a set of calls added up to. {@code cost} is what reports show (provider-reported cost where
 * one was sent, else our estimate); unpriced calls add nothing to it and are counted instead.
 * {@code reported*} compare, for the calls that have both, what the provider reported with our estimate.
 */
public record Totals(long calls, long errors, long unpriced, Tokens tokens, Money cost, Money estimatedCost,
                     ReportedVsEstimated reportedVsEstimated) {

    public record Tokens(long input, long cacheRead, long cacheWrite, @JsonProperty("cache_write_1h") long cacheWrite1h, long output,
                         long reasoning) {
        public long total() {
            return input + cacheRead + cacheWrite + cacheWrite1h + output;
        }
    }

    public record ReportedVsEstimated(long calls, Money reported, Money estimated, Money difference) {
    }

    /** The measure columns of every fact source and rollup, in the order {@link #read} expects; the first ten are counts. */
    static final List<String> COLUMNS = List.of("calls", "errors", "unpriced", "input_tokens", "cache_read_tokens", "cache_write_tokens",
            "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "reported_calls", "cost", "estimated_cost", "reported_cost",
            "estimate_of_reported");

    /** The SQL measures every report selects over a fact source {@code f}, in the order {@link #read} expects. */
    static final String MEASURES = measures(false);

    /** The same, each named as its column, for a statement that aggregates the aggregates again. */
    static final String NAMED_MEASURES = measures(true);

    static final int MEASURE_COUNT = COLUMNS.size();

    /** 1-based position of the cost measure among {@link #MEASURES} (for ORDER BY). */
    static final int COST_COLUMN = COLUMNS.indexOf("cost") + 1;

    private static String measures(boolean named) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            String c = COLUMNS.get(i);
            out.add("coalesce(sum(f." + c + "), 0)" + (i < 10 ? "::bigint" : "") + (named ? " AS " + c : ""));
        }
        return String.join(", ", out);
    }

    /** Reads the measures starting at column {@code at}. */
    static Totals read(Row r, int at) {
        Tokens tokens = new Tokens(r.getLong(at + 3), r.getLong(at + 4), r.getLong(at + 5), r.getLong(at + 6), r.getLong(at + 7),
                r.getLong(at + 8));
        BigDecimal reported = r.getBigDecimal(at + 12);
        BigDecimal estimateOfReported = r.getBigDecimal(at + 13);
        return new Totals(r.getLong(at), r.getLong(at + 1), r.getLong(at + 2), tokens, usd(r.getBigDecimal(at + 10)),
                usd(r.getBigDecimal(at + 11)), new ReportedVsEstimated(r.getLong(at + 9), usd(reported), usd(estimateOfReported),
                usd(reported.subtract(estimateOfReported))));
    }

    public static Totals zero() {
        Money z = Money.zero("USD");
        return new Totals(0, 0, 0, new Tokens(0, 0, 0, 0, 0, 0), z, z, new ReportedVsEstimated(0, z, z, z));
    }

    static Money usd(BigDecimal amount) {
        return Money.of(amount, "USD");
    }
}
