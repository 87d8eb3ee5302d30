package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.period.BudgetPeriod;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
     * The current windows of many budgets at once, and what replicas hold of each as allowance leases
     * (part of reserved in the counters; a request allowed from a lease leaves it when it is written
     * back as its own hold): two queries however many budgets.
     */
    public record Windows(Map<Long, Usage> usage, Map<Long, BigDecimal> leased) {
    }

    public static Uni<Windows> windows(SqlClient client, List<Budget> budgets, Instant at) {
        BatchWindows w = BatchWindows.of(budgets, at);
        return usages(client, w).chain(u -> client.preparedQuery("SELECT t.id, coalesce(sum(c.amount), 0)" + BatchWindows.JOINED
                        + "budget.budget_hold c ON c.budget_id = t.id AND c.request_id LIKE 'lease:%'" + BatchWindows.IN_WINDOW + " GROUP BY t.id")
                .execute(w.params()).map(rows -> {
                    Map<Long, BigDecimal> leased = new HashMap<>();
                    for (Row r : rows) {
                        leased.put(r.getLong(0), r.getBigDecimal(1));
                    }
                    return new Windows(u, leased);
                }));
    }

    /** The current window of each of many budgets, in one query. */
    public static Uni<Map<Long, Usage>> usages(SqlClient client, List<Budget> budgets, Instant at) {
        return usages(client, BatchWindows.of(budgets, at));
    }

    private static Uni<Map<Long, Usage>> usages(SqlClient client, BatchWindows w) {
        return client.preparedQuery("SELECT t.id, coalesce(sum(c.spent), 0), coalesce(sum(c.reserved), 0), coalesce(sum(c.events), 0),"
                        + " coalesce(sum(c.unpriced), 0), coalesce(sum(c.credit), 0)" + BatchWindows.JOINED + "budget.budget_counter c ON c.budget_id = t.id"
                        + BatchWindows.IN_WINDOW + " GROUP BY t.id")
                .execute(w.params()).map(rows -> {
                    Map<Long, Usage> byId = new HashMap<>();
                    for (Row r : rows) {
                        byId.put(r.getLong(0), new Usage(w.windows().get(r.getLong(0)), r.getBigDecimal(1), r.getBigDecimal(2), r.getLong(3),
                                r.getLong(4), r.getBigDecimal(5)));
                    }
                    return byId;
                });
    }

    /** Budgets and their windows as the three arrays a query unnests into rows {@code t(id, starts, ends)}. */
    private record BatchWindows(Map<Long, BudgetPeriod.Window> windows, Tuple params) {

        static final String JOINED = " FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS t(id, starts, ends) LEFT JOIN ";
        static final String IN_WINDOW = " AND c.bucket_start >= t.starts AND (t.ends IS NULL OR c.bucket_start < t.ends)";

        static BatchWindows of(List<Budget> budgets, Instant at) {
            Long[] ids = new Long[budgets.size()];
            OffsetDateTime[] starts = new OffsetDateTime[budgets.size()];
            OffsetDateTime[] ends = new OffsetDateTime[budgets.size()];
            Map<Long, BudgetPeriod.Window> windows = new HashMap<>();
            for (int i = 0; i < budgets.size(); i++) {
                Budget b = budgets.get(i);
                BudgetPeriod.Window w = b.period().windowAt(at, b.zone());
                windows.put(b.id(), w);
                ids[i] = b.id();
                starts[i] = w.start().atOffset(ZoneOffset.UTC);
                ends[i] = w.end() == null ? null : w.end().atOffset(ZoneOffset.UTC);
            }
            return new BatchWindows(windows, Tuple.of(ids, starts, ends));
        }
    }
}
