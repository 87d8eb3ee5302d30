package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.events.UsagePriced;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tokenledger.common.money.Decimals.plain;

/**
 * What spent each budget's period, per contributor dimension value ({@code budget_contributor}):
 * summed over one counted batch, written in the counting transaction, and read back as the top
 * three per dimension when the budget raises an event.
 */
final class BudgetContributors {

    static final int TOP = 3;

    private record Key(long budgetId, Instant bucket, String dimension, String value) {
    }

    private final Map<Key, BigDecimal> amounts = new LinkedHashMap<>();

    /** Adds what the event added to the budget's spend in that bucket (null: nothing, e.g. an unpriced event on a USD budget). */
    void add(Budget b, Instant bucket, UsagePriced e, BigDecimal amount) {
        if (amount == null || amount.signum() == 0) {
            return;
        }
        b.scope().forEachContributor(e.usage().attribution(), e.usage().provider(), e.usage().model(),
                (dimension, value) -> amounts.merge(new Key(b.id(), bucket, dimension, value), amount, BigDecimal::add));
    }

    Uni<Void> write(SqlConnection conn) {
        if (amounts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = amounts.size();
        Long[] ids = new Long[n];
        OffsetDateTime[] buckets = new OffsetDateTime[n];
        String[] dimensions = new String[n];
        String[] values = new String[n];
        BigDecimal[] sums = new BigDecimal[n];
        int i = 0;
        for (Map.Entry<Key, BigDecimal> entry : amounts.entrySet()) {
            Key k = entry.getKey();
            ids[i] = k.budgetId();
            buckets[i] = k.bucket().atOffset(ZoneOffset.UTC);
            dimensions[i] = k.dimension();
            values[i] = k.value();
            sums[i++] = entry.getValue();
        }
        // one statement per batch, rows in key order so concurrent writers lock them in one order
        return conn.preparedQuery("""
                        INSERT INTO budget.budget_contributor AS c (budget_id, bucket_start, dimension, value, amount)
                        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::numeric[]) ORDER BY 1, 2, 3, 4
                        ON CONFLICT (budget_id, bucket_start, dimension, value) DO UPDATE SET amount = c.amount + EXCLUDED.amount""")
                .execute(Tuple.of(ids, buckets, dimensions, values, sums)).replaceWithVoid();
    }

    /** The top {@value #TOP} values per dimension in the budget's current window, largest first. */
    static Uni<List<BudgetEvent.Contributor>> top(SqlConnection conn, Budget b, CounterReads.Usage u) {
        return conn.preparedQuery("""
                        SELECT dimension, value, total FROM (
                          SELECT dimension, value, sum(amount) AS total,
                                 row_number() OVER (PARTITION BY dimension ORDER BY sum(amount) DESC, value) AS place
                          FROM budget.budget_contributor
                          WHERE budget_id = $1 AND bucket_start >= $2 AND ($3::timestamptz IS NULL OR bucket_start < $3)
                          GROUP BY dimension, value) ranked
                        WHERE place <= $4 AND total > 0 ORDER BY dimension, place""")
                .execute(Tuple.from(Arrays.asList(b.id(), u.window().start().atOffset(ZoneOffset.UTC),
                        u.window().end() == null ? null : u.window().end().atOffset(ZoneOffset.UTC), TOP)))
                .map(rows -> {
                    List<BudgetEvent.Contributor> top = new ArrayList<>();
                    for (Row r : rows) {
                        top.add(new BudgetEvent.Contributor(r.getString(0), r.getString(1), plain(r.getBigDecimal(2))));
                    }
                    return top;
                });
    }
}
