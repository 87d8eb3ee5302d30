package dev.tokenledger.budget.decision;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.budget.counter.CounterReads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides and reserves atomically in PostgreSQL. The budgets that apply are locked (in id order,
 * so concurrent decisions cannot deadlock) for the length of one short transaction; under the
 * locks expired holds are released, spent + reserved is read, and — unless denied — the request's
 * worst case is reserved as a hold on each budget. Concurrent requests and any number of
 * budget-service replicas therefore see each other's reservations: with a $1.00 budget and $0.01
 * requests at most 100 are allowed.
 */
@ApplicationScoped
public class DecisionService {

    @Inject
    Pool pool;

    @Inject
    BudgetConfig config;

    /** The answer, with every budget that applied. */
    public record Decision(DecisionPolicy.Outcome outcome, List<DecisionPolicy.BudgetCheck> checks, Map<Long, Instant> resetAt,
                           boolean alreadyReserved) {
    }

    /**
     * @param amounts what the request counts against each applying budget, in that budget's unit
     */
    public Uni<Decision> decide(String tenant, String requestId, List<Budget> applying, Map<Long, BigDecimal> amounts, Instant now,
                               java.time.Duration hold) {
        if (applying.isEmpty()) {
            return Uni.createFrom().item(new Decision(DecisionPolicy.Outcome.ALLOW, List.of(), Map.of(), false));
        }
        Long[] ids = applying.stream().map(Budget::id).sorted().toArray(Long[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT id FROM budget.budget WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                .execute(Tuple.of((Object) ids))
                .chain(() -> releaseExpired(conn, ids))
                .chain(() -> conn.preparedQuery("SELECT count(*) FROM budget.budget_hold WHERE tenant_id = $1 AND request_id = $2")
                        .execute(Tuple.of(tenant, requestId)).map(rows -> rows.iterator().next().getLong(0) > 0))
                .chain(already -> read(conn, applying, now).chain(usage -> {
                    List<DecisionPolicy.BudgetCheck> checks = new ArrayList<>();
                    Map<Long, Instant> resets = new HashMap<>();
                    for (Budget b : applying) {
                        CounterReads.Usage u = usage.get(b.id());
                        // a request already reserved is not counted a second time against its own hold
                        BigDecimal request = already ? BigDecimal.ZERO : amounts.get(b.id());
                        checks.add(DecisionPolicy.check(b, u.spent(), u.reserved(), request));
                        resets.put(b.id(), b.period().resetAfter(now, b.zone()));
                    }
                    DecisionPolicy.Outcome outcome = DecisionPolicy.overall(checks);
                    Decision decision = new Decision(outcome, checks, resets, already);
                    if (outcome == DecisionPolicy.Outcome.DENY || already) {
                        return Uni.createFrom().item(decision);
                    }
                    return reserve(conn, tenant, requestId, applying, amounts, now, hold).replaceWith(decision);
                })));
    }

    private Uni<Map<Long, CounterReads.Usage>> read(SqlConnection conn, List<Budget> applying, Instant now) {
        Map<Long, CounterReads.Usage> out = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Budget b : applying) {
            chain = chain.chain(() -> CounterReads.usage(conn, b, now).invoke(u -> out.put(b.id(), u)).replaceWithVoid());
        }
        return chain.replaceWith(out);
    }

    private Uni<Void> reserve(SqlConnection conn, String tenant, String requestId, List<Budget> applying, Map<Long, BigDecimal> amounts,
                              Instant now, java.time.Duration hold) {
        List<Tuple> holds = new ArrayList<>();
        List<Tuple> counters = new ArrayList<>();
        Instant expires = now.plus(hold != null ? hold : config.holdTtl());
        for (Budget b : applying) {
            var bucket = b.period().bucketAt(now, b.zone()).atOffset(ZoneOffset.UTC);
            BigDecimal amount = amounts.get(b.id());
            holds.add(Tuple.of(tenant, requestId, b.id(), bucket, amount, expires.atOffset(ZoneOffset.UTC)));
            counters.add(Tuple.of(b.id(), bucket, amount));
        }
        return conn.preparedQuery("INSERT INTO budget.budget_hold (tenant_id, request_id, budget_id, bucket_start, amount, expires_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(holds)
                .chain(() -> conn.preparedQuery("INSERT INTO budget.budget_counter AS c (budget_id, bucket_start, reserved) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (budget_id, bucket_start) DO UPDATE SET reserved = c.reserved + EXCLUDED.reserved").executeBatch(counters))
                .replaceWithVoid();
    }

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

    /** Releases every expired hold (all tenants); run periodically so reservations never leak. */
    public Uni<Void> releaseAllExpired() {
        return pool.withTransaction(conn -> conn.query("SELECT DISTINCT budget_id FROM budget.budget_hold WHERE expires_at < now()").execute()
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    if (ids.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Long[] sorted = ids.stream().sorted().toArray(Long[]::new);
                    return conn.preparedQuery("SELECT id FROM budget.budget WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                            .execute(Tuple.of((Object) sorted)).chain(() -> releaseExpired(conn, sorted));
                }));
    }
}
