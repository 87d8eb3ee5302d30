package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetStore;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.budget.outbox.BudgetEventOutbox;
import dev.tokenledger.budget.period.BudgetPeriod;
import dev.tokenledger.common.events.BudgetEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raises {@code period_reset} once per budget and period when a new day, week, month or quarter
 * begins in the budget's time zone (so alerts of the old period can be resolved). A budget's first
 * period is recorded without an event. The event is stored with the record of the period, in one
 * transaction, and published by the outbox. Checked every {@code period-check-interval}.
 */
@ApplicationScoped
public class PeriodResets {

    @Inject
    Clock clock;

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

    /**
     * Budgets share a few (period, time zone) pairs: their current windows are worked out once per
     * pair, and one query returns only the budgets whose window has no record yet (none, most
     * minutes). Reading and parsing every budget each minute decoded thousands of rows on an event
     * loop that also answers decisions.
     */
    Uni<Void> check() {
        return check(clock.instant());
    }

    /** The check as it runs at {@code now}. */
    Uni<Void> check(Instant now) {
        return pool.query("SELECT DISTINCT period, time_zone FROM budget.budget WHERE deleted_at IS NULL").execute()
                .chain(pairs -> {
                    List<String> periods = new ArrayList<>();
                    List<String> zones = new ArrayList<>();
                    List<OffsetDateTime> starts = new ArrayList<>();
                    Map<String, BudgetPeriod.Window> windows = new HashMap<>();
                    pairs.forEach(r -> {
                        BudgetPeriod period = BudgetPeriod.parse(r.getString(0));
                        if (period.kind() == BudgetPeriod.Kind.TOTAL || period.kind() == BudgetPeriod.Kind.ROLLING) {
                            return;
                        }
                        ZoneId zone = ZoneId.of(r.getString(1));
                        BudgetPeriod.Window w = period.windowAt(now, zone);
                        periods.add(r.getString(0));
                        zones.add(r.getString(1));
                        starts.add(w.start().atOffset(ZoneOffset.UTC));
                        // keyed as a parsed budget names them, whatever the stored spelling
                        windows.put(period + " " + zone.getId(), w);
                    });
                    if (periods.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return pool.preparedQuery("SELECT " + BudgetStore.COLUMNS + " FROM budget.budget b"
                                    + " JOIN unnest($1::text[], $2::text[], $3::timestamptz[]) AS p(p_period, p_zone, p_start)"
                                    + " ON period = p_period AND time_zone = p_zone WHERE deleted_at IS NULL AND NOT EXISTS"
                                    + " (SELECT 1 FROM budget.budget_period_reset r WHERE r.budget_id = b.id AND r.period_start = p_start) ORDER BY b.id")
                            .execute(Tuple.of(periods.toArray(String[]::new), zones.toArray(String[]::new), starts.toArray(OffsetDateTime[]::new)))
                            .chain(rows -> {
                                // one transaction per new period: the record and its event commit together
                                Uni<Integer> chain = Uni.createFrom().item(0);
                                for (Budget b : BudgetStore.budgets(rows)) {
                                    BudgetPeriod.Window w = windows.get(b.period() + " " + b.zone().getId());
                                    if (w == null) {
                                        continue; // changed since the pairs were read: the next check has it
                                    }
                                    chain = chain.chain(n -> pool.withTransaction(conn -> recordReset(conn, b, w)).map(raised -> raised ? n + 1 : n));
                                }
                                return chain;
                            });
                })
                .invoke(raised -> {
                    if (raised > 0) {
                        outbox.relaySoon();
                    }
                }).replaceWithVoid();
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
