package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetStore;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.budget.outbox.BudgetEventOutbox;
import dev.tokenledger.budget.period.BudgetPeriod;
import dev.tokenledger.common.events.BudgetEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raises {@code period_reset} once per budget and period when a new day, week, month or quarter
 * begins in the budget's time zone (so alerts of the old period can be resolved). A budget's first
 * period is recorded without an event. The event is stored with the record of the period, in one
 * transaction, and published by the outbox. Checked every {@code period-check-interval}.
 */
@ApplicationScoped
public class PeriodResets {

    private static final Logger LOG = Logger.getLogger(PeriodResets.class);

    @Inject
    Pool pool;

    @Inject
    BudgetConfig config;

    @Inject
    Vertx vertx;

    @Inject
    BudgetEventOutbox outbox;

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(config.periodCheckInterval().toMillis(), id -> check().subscribe()
                .with(x -> { }, e -> LOG.warnf("period reset check failed (retried next interval): %s", e.getMessage())));
    }

    Uni<Void> check() {
        Instant now = Instant.now();
        return pool.query("SELECT " + BudgetStore.COLUMNS + " FROM budget.budget WHERE deleted_at IS NULL").execute()
                // parsing every budget is work for a worker thread, not for an event loop that answers decisions
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    Map<Long, Budget> periodic = new HashMap<>();
                    for (Budget b : BudgetStore.budgets(rows)) {
                        if (b.period().kind() != BudgetPeriod.Kind.TOTAL && b.period().kind() != BudgetPeriod.Kind.ROLLING) {
                            periodic.put(b.id(), b);
                        }
                    }
                    return periodic;
                })
                .chain(periodic -> unrecorded(periodic, now).chain(starts -> {
                    // one query finds the periods not recorded yet; only those take a transaction
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Map.Entry<Long, BudgetPeriod.Window> e : starts.entrySet()) {
                        Budget b = periodic.get(e.getKey());
                        chain = chain.chain(n -> pool.withTransaction(conn -> recordReset(conn, b, e.getValue())).map(raised -> raised ? n + 1 : n));
                    }
                    return chain;
                }))
                .invoke(raised -> {
                    if (raised > 0) {
                        outbox.relaySoon();
                    }
                }).replaceWithVoid();
    }

    /** The current window of each budget whose start has no {@code budget_period_reset} row yet, in id order. */
    private Uni<Map<Long, BudgetPeriod.Window>> unrecorded(Map<Long, Budget> budgets, Instant now) {
        Map<Long, BudgetPeriod.Window> windows = new TreeMap<>();
        budgets.values().forEach(b -> windows.put(b.id(), b.period().windowAt(now, b.zone())));
        Long[] ids = windows.keySet().toArray(Long[]::new);
        OffsetDateTime[] starts = windows.values().stream().map(w -> w.start().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery("SELECT t.budget_id FROM unnest($1::bigint[], $2::timestamptz[]) AS t(budget_id, period_start)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM budget.budget_period_reset r WHERE r.budget_id = t.budget_id AND r.period_start = t.period_start)")
                .execute(Tuple.of(ids, starts))
                .map(rows -> {
                    Map<Long, BudgetPeriod.Window> out = new TreeMap<>();
                    rows.forEach(r -> out.put(r.getLong(0), windows.get(r.getLong(0))));
                    return out;
                });
    }

    /**
     * Records that the budget's period started, once; a budget created before that start raises
     * {@code period_reset}, stored in the same transaction for the outbox to publish.
     */
    private Uni<Boolean> recordReset(SqlConnection conn, Budget b, BudgetPeriod.Window w) {
        return conn.preparedQuery("INSERT INTO budget.budget_period_reset (budget_id, period_start) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING budget_id")
                .execute(Tuple.of(b.id(), w.start().atOffset(ZoneOffset.UTC)))
                .chain(rows -> {
                    if (rows.size() == 0 || !b.createdAt().isBefore(w.start())) {
                        return Uni.createFrom().item(false);
                    }
                    BudgetEvent reset = BudgetEvents.of(b, "period_reset", "info", null,
                            new CounterReads.Usage(w, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0), null, "reset");
                    return outbox.add(conn, List.of(reset)).replaceWith(true);
                });
    }
}
