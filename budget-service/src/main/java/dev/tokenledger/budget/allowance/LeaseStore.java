package dev.tokenledger.budget.allowance;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.period.BudgetPeriod;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** The three statements behind allowances (V9__replica_allowances.sql): lease, write back, release. */
final class LeaseStore {

    /** A request allowed from a lease, to be written back as its own hold. */
    record Grant(String tenant, String requestId, long budgetId, Instant bucket, BigDecimal amount, Instant expires, String leaseKey) {
    }

    record Leased(BigDecimal granted, BigDecimal spent, BigDecimal reserved, BigDecimal credit, BigDecimal own) {
    }

    private final Pool pool;

    LeaseStore(Pool pool) {
        this.pool = pool;
    }

    Uni<Leased> lease(Budget b, String leaseKey, Instant now, int ceilingPercent, BigDecimal fraction, BigDecimal min, Instant expires) {
        BudgetPeriod.Window w = b.period().windowAt(now, b.zone());
        Instant bucket = b.period().bucketAt(now, b.zone());
        Tuple args = Tuple.from(Arrays.asList(b.tenantId(), leaseKey, b.id(), utc(w.start()), w.end() == null ? null : utc(w.end()),
                utc(bucket), b.limit(), ceilingPercent, fraction, min, utc(expires)));
        return pool.preparedQuery("SELECT o_granted, o_spent, o_reserved, o_credit, o_own"
                        + " FROM budget.lease($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(args).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Leased(r.getBigDecimal(0), zeroIfNull(r.getBigDecimal(1)), zeroIfNull(r.getBigDecimal(2)),
                            zeroIfNull(r.getBigDecimal(3)), zeroIfNull(r.getBigDecimal(4)));
                });
    }

    Uni<Integer> writeBack(List<Grant> grants, Instant leaseExpires) {
        int n = grants.size();
        String[] tenants = new String[n];
        String[] requests = new String[n];
        Long[] budgets = new Long[n];
        OffsetDateTime[] buckets = new OffsetDateTime[n];
        BigDecimal[] amounts = new BigDecimal[n];
        OffsetDateTime[] expires = new OffsetDateTime[n];
        String[] leases = new String[n];
        for (int i = 0; i < n; i++) {
            Grant g = grants.get(i);
            tenants[i] = g.tenant();
            requests[i] = g.requestId();
            budgets[i] = g.budgetId();
            buckets[i] = utc(g.bucket());
            amounts[i] = g.amount();
            expires[i] = utc(g.expires());
            leases[i] = g.leaseKey();
        }
        Tuple args = Tuple.tuple().addArrayOfString(tenants).addArrayOfString(requests).addArrayOfLong(budgets)
                .addArrayOfOffsetDateTime(buckets).addArrayOfBigDecimal(amounts).addArrayOfOffsetDateTime(expires)
                .addArrayOfString(leases).addOffsetDateTime(utc(leaseExpires));
        return pool.preparedQuery("SELECT budget.convert_leases($1, $2, $3, $4, $5, $6, $7, $8)").execute(args)
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    Uni<BigDecimal> release(String tenant, String leaseKey, long budgetId) {
        return pool.preparedQuery("SELECT budget.release_lease($1, $2, $3)").execute(Tuple.of(tenant, leaseKey, budgetId))
                .map(rows -> rows.iterator().next().getBigDecimal(0));
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static BigDecimal zeroIfNull(BigDecimal d) {
        return d == null ? BigDecimal.ZERO : d;
    }
}
