package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.period.BudgetPeriod;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/** Reads a budget's current window: the sum of its buckets in the window (one bucket, or N days for rolling windows). */
public final class CounterReads {

    private CounterReads() {
    }

    public record Usage(BudgetPeriod.Window window, BigDecimal spent, BigDecimal reserved, long events, long unpriced, BigDecimal credit) {

        public Usage(BudgetPeriod.Window window, BigDecimal spent, BigDecimal reserved, long events, long unpriced) {
            this(window, spent, reserved, events, unpriced, BigDecimal.ZERO);
        }

        /** The budget's limit plus the credits granted in this window. */
        public BigDecimal limitWith(BigDecimal limit) {
            return limit.add(credit);
        }
    }

    public static Uni<Usage> usage(SqlClient client, Budget b, Instant at) {
        BudgetPeriod.Window w = b.period().windowAt(at, b.zone());
        return client.preparedQuery("SELECT coalesce(sum(spent), 0), coalesce(sum(reserved), 0), coalesce(sum(events), 0),"
                        + " coalesce(sum(unpriced), 0), coalesce(sum(credit), 0) FROM budget.budget_counter WHERE budget_id = $1 AND bucket_start >= $2"
                        + " AND ($3::timestamptz IS NULL OR bucket_start < $3)")
                .execute(Tuple.from(Arrays.asList(b.id(), w.start().atOffset(ZoneOffset.UTC), w.end() == null ? null : w.end().atOffset(ZoneOffset.UTC))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Usage(w, r.getBigDecimal(0), r.getBigDecimal(1), r.getLong(2), r.getLong(3), r.getBigDecimal(4));
                });
    }

    /**
     * What replicas hold as allowance leases in the budget's current window (part of reserved in the
     * counters; a request allowed from a lease leaves it when it is written back as its own hold).
     */
    public static Uni<BigDecimal> leased(SqlClient client, Budget b, Instant at) {
        BudgetPeriod.Window w = b.period().windowAt(at, b.zone());
        return client.preparedQuery("SELECT coalesce(sum(amount), 0) FROM budget.budget_hold WHERE budget_id = $1 AND request_id LIKE 'lease:%'"
                        + " AND bucket_start >= $2 AND ($3::timestamptz IS NULL OR bucket_start < $3)")
                .execute(Tuple.from(Arrays.asList(b.id(), w.start().atOffset(ZoneOffset.UTC), w.end() == null ? null : w.end().atOffset(ZoneOffset.UTC))))
                .map(rows -> rows.iterator().next().getBigDecimal(0));
    }
}
