package dev.tokenledger.report.query;

import dev.tokenledger.common.money.Money;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;

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

    /** The SQL measures every report selects over a fact source {@code f}, in the order {@link #read} expects. */
    static final String MEASURES = "coalesce(sum(f.calls), 0)::bigint, coalesce(sum(f.errors), 0)::bigint, coalesce(sum(f.unpriced), 0)::bigint,"
            + " coalesce(sum(f.input_tokens), 0)::bigint, coalesce(sum(f.cache_read_tokens), 0)::bigint,"
            + " coalesce(sum(f.cache_write_tokens), 0)::bigint, coalesce(sum(f.cache_write_1h_tokens), 0)::bigint,"
            + " coalesce(sum(f.output_tokens), 0)::bigint, coalesce(sum(f.reasoning_tokens), 0)::bigint,"
            + " coalesce(sum(f.reported_calls), 0)::bigint, coalesce(sum(f.cost), 0), coalesce(sum(f.estimated_cost), 0),"
            + " coalesce(sum(f.reported_cost), 0), coalesce(sum(f.estimate_of_reported), 0)";

    static final int MEASURE_COUNT = 14;

    /** 1-based position of the cost measure among {@link #MEASURES} (for ORDER BY). */
    static final int COST_COLUMN = 11;

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
