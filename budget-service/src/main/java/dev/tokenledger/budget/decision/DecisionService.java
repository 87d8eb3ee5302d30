package dev.tokenledger.budget.decision;

import dev.tokenledger.budget.allowance.Allowances;
import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.budget.period.BudgetPeriod;
import io.vertx.mutiny.sqlclient.Row;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides and reserves atomically in PostgreSQL, in one statement ({@code budget.reserve}, see
 * V4__reserve_function.sql): the budgets that apply are locked (in id order, so concurrent
 * decisions cannot deadlock); under the locks expired holds are released, spent + reserved is
 * read, and — unless a blocking budget would go over — the request's worst case is reserved as a
 * hold on each budget. The same rule then gives the answer from what was read. Concurrent requests and any number of
 * budget-service replicas therefore see each other's reservations: with a $1.00 budget and $0.01
 * requests at most 100 are allowed.
 *
 * <p>Busy budgets far from their limit are decided first from this replica's {@link Allowances}
 * (slices of the budget leased the same way), in memory; whatever those cannot answer "allow" is
 * decided exactly as above.
 */
@ApplicationScoped
public class DecisionService {

    @Inject
    Pool pool;

    @Inject
    BudgetConfig config;

    @Inject
    Allowances allowances;

    /** The answer, with every budget that applied. */
    public record Decision(DecisionPolicy.Outcome outcome, List<DecisionPolicy.BudgetCheck> checks, Map<Long, Instant> resetAt,
                           boolean alreadyReserved) {
    }

    /**
     * The tenant's budgets changed since the list the decision was made from was read (through
     * another replica, or a moment ago): nothing was reserved; read the budgets again and decide anew.
     */
    public static final class StaleBudgets extends RuntimeException {
        private final long version;

        StaleBudgets(long version) {
            super("the tenant's budgets changed while the decision was made", null, false, false);
            this.version = version;
        }

        /** The version the decision's list was read at, now out of date. */
        public long version() {
            return version;
        }
    }

    /**
     * Fails with {@link StaleBudgets} when the tenant's budgets are no longer those of {@code version}:
     * an answer is only given for the budgets PostgreSQL holds at the moment of the decision, so a
     * budget made through another replica applies from its commit on, never after a cache refresh.
     *
     * @param version the tenant's budget version {@code applying} was read at
     * @param amounts what the request counts against each applying budget, in that budget's unit
     */
    public Uni<Decision> decide(String tenant, String requestId, long version, List<Budget> applying, Map<Long, BigDecimal> amounts,
                                Instant now, java.time.Duration hold) {
        Instant expires = now.plus(hold != null ? hold : config.holdTtl());
        if (applying.isEmpty()) {
            return reserve(tenant, requestId, version, applying, amounts, now, expires);
        }
        java.util.Optional<Allowances.Fast> fast = allowances.tryAllow(tenant, requestId, applying, amounts, now, expires);
        if (fast.isPresent()) {
            Map<Long, Instant> resets = new HashMap<>();
            applying.forEach(b -> resets.put(b.id(), b.period().resetAfter(now, b.zone())));
            return Uni.createFrom().item(new Decision(DecisionPolicy.overall(fast.get().checks()), fast.get().checks(), resets,
                    fast.get().already()));
        }
        return allowances.releaseFor(applying, amounts).chain(() -> reserve(tenant, requestId, version, applying, amounts, now, expires))
                .invoke(d -> allowances.noteExact(applying, amounts, now));
    }

    /** The exact way: {@code budget.reserve} under the budgets' row locks, at the budgets' version. */
    private Uni<Decision> reserve(String tenant, String requestId, long version, List<Budget> applying, Map<Long, BigDecimal> amounts,
                                  Instant now, Instant expires) {
        List<Budget> ordered = applying.stream().sorted(java.util.Comparator.comparingLong(Budget::id)).toList();
        int n = ordered.size();
        Long[] ids = new Long[n];
        OffsetDateTime[] starts = new OffsetDateTime[n];
        OffsetDateTime[] ends = new OffsetDateTime[n];
        OffsetDateTime[] buckets = new OffsetDateTime[n];
        BigDecimal[] amountArray = new BigDecimal[n];
        BigDecimal[] limits = new BigDecimal[n];
        Boolean[] block = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Budget b = ordered.get(i);
            BudgetPeriod.Window w = b.period().windowAt(now, b.zone());
            ids[i] = b.id();
            starts[i] = w.start().atOffset(ZoneOffset.UTC);
            ends[i] = w.end() == null ? null : w.end().atOffset(ZoneOffset.UTC);
            buckets[i] = b.period().bucketAt(now, b.zone()).atOffset(ZoneOffset.UTC);
            amountArray[i] = amounts.get(b.id());
            limits[i] = b.limit();
            block[i] = b.enforcement() == Budget.Enforcement.BLOCK;
        }
        Tuple args = Tuple.tuple().addString(tenant).addString(requestId).addLong(version).addArrayOfLong(ids).addArrayOfOffsetDateTime(starts)
                .addArrayOfOffsetDateTime(ends).addArrayOfOffsetDateTime(buckets).addArrayOfBigDecimal(amountArray)
                .addArrayOfBigDecimal(limits).addArrayOfBoolean(block).addOffsetDateTime(expires.atOffset(ZoneOffset.UTC));
        return pool.preparedQuery("SELECT o_budget, o_spent, o_reserved, o_already, o_credit, o_stale"
                        + " FROM budget.reserve($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(args).map(rows -> {
                    Map<Long, Budget> byId = new HashMap<>();
                    ordered.forEach(b -> byId.put(b.id(), b));
                    List<DecisionPolicy.BudgetCheck> checks = new ArrayList<>();
                    Map<Long, Instant> resets = new HashMap<>();
                    boolean already = false;
                    for (Row r : rows) {
                        if (r.getBoolean(5)) {
                            throw new StaleBudgets(version);
                        }
                        Budget b = byId.get(r.getLong(0));
                        already = r.getBoolean(3);
                        // a request already reserved is not counted a second time against its own hold
                        BigDecimal request = already ? BigDecimal.ZERO : amounts.get(b.id());
                        checks.add(DecisionPolicy.check(b, r.getBigDecimal(1), r.getBigDecimal(2), request, r.getBigDecimal(4)));
                        resets.put(b.id(), b.period().resetAfter(now, b.zone()));
                    }
                    return new Decision(DecisionPolicy.overall(checks), checks, resets, already);
                });
    }

    private static final int SWEEP_BUDGETS = 20;

    /** Holds whose time ran out without a priced event give their reservation back. */
    static Uni<Void> releaseExpired(SqlConnection conn, Long[] budgetIds) {
        return conn.preparedQuery("""
                        WITH expired AS (DELETE FROM budget.budget_hold WHERE budget_id = ANY($1) AND expires_at < now()
                                         RETURNING budget_id, bucket_start, amount),
                             sums AS (SELECT budget_id, bucket_start, sum(amount) AS amount FROM expired GROUP BY budget_id, bucket_start)
                        UPDATE budget.budget_counter c SET reserved = greatest(c.reserved - s.amount, 0)
                          FROM sums s WHERE c.budget_id = s.budget_id AND c.bucket_start = s.bucket_start""")
                .execute(Tuple.of((Object) budgetIds)).replaceWithVoid();
    }

    /**
     * Releases every expired hold (all tenants); run periodically so reservations never leak. A
     * transaction per {@value #SWEEP_BUDGETS} budgets: one transaction over every budget locked them
     * all at once and deleted tens of thousands of holds in one go, a burst PostgreSQL spent most of
     * a core on while decisions waited for CPU.
     */
    public Uni<Void> releaseAllExpired() {
        return pool.query("SELECT DISTINCT budget_id FROM budget.budget_hold WHERE expires_at < now() ORDER BY budget_id").execute()
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int from = 0; from < ids.size(); from += SWEEP_BUDGETS) {
                        Long[] some = ids.subList(from, Math.min(ids.size(), from + SWEEP_BUDGETS)).toArray(Long[]::new);
                        chain = chain.chain(() -> pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM budget.budget WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                                .execute(Tuple.of((Object) some)).chain(() -> releaseExpired(conn, some))));
                    }
                    return chain;
                });
    }
}
