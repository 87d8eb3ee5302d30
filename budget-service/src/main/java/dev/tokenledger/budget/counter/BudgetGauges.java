package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetStore;
import dev.tokenledger.budget.config.BudgetConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code tokenledger_budget_utilisation_ratio{tenant, budget, unit}}: spent / limit of each budget's
 * current period, refreshed every {@code gauge-interval}. Cardinality is bounded: at most
 * {@code max-gauges} budgets (the oldest ids) get a gauge; a deleted budget's gauge is removed.
 * (A ratio for dashboards and alerts; the exact amounts are in the status API.)
 */
@ApplicationScoped
public class BudgetGauges {

    @Inject
    Clock clock;

    private static final Logger LOG = Logger.getLogger(BudgetGauges.class);

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @Inject
    BudgetConfig config;

    @Inject
    Vertx vertx;

    private final Map<Long, Double> ratios = new ConcurrentHashMap<>();
    private final Map<Long, Gauge> gauges = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(config.gaugeInterval().toMillis(), id -> refresh().subscribe()
                .with(x -> { }, e -> LOG.warnf("budget gauges not refreshed: %s", e.getMessage())));
    }

    /** The spent of every gauged budget's current window, in one query. */
    Uni<Void> refresh() {
        Instant now = clock.instant();
        return pool.preparedQuery("SELECT " + BudgetStore.COLUMNS + " FROM budget.budget WHERE deleted_at IS NULL ORDER BY id LIMIT $1")
                .execute(Tuple.of(config.maxGauges())).emitOn(Infrastructure.getDefaultWorkerPool()).map(BudgetStore::budgets)
                .chain(budgets -> CounterReads.usages(pool, budgets, now).invoke(usage -> {
                    Map<Long, Budget> byId = new HashMap<>();
                    budgets.forEach(b -> byId.put(b.id(), b));
                    usage.forEach((id, u) -> set(byId.get(id), u.spent()));
                    removeAllBut(byId.keySet());
                }).replaceWithVoid());
    }

    private void set(Budget b, BigDecimal spent) {
        ratios.put(b.id(), spent.divide(b.limit(), 6, RoundingMode.HALF_EVEN).doubleValue());
        gauges.computeIfAbsent(b.id(), id -> Gauge.builder("tokenledger_budget_utilisation_ratio", ratios, m -> m.getOrDefault(id, 0.0))
                .description("spent / limit of the budget's current period")
                .tags("tenant", b.tenantId(), "budget", String.valueOf(id), "unit", b.unit().wireName())
                .register(registry));
    }

    private void removeAllBut(Set<Long> live) {
        for (Long id : List.copyOf(gauges.keySet())) {
            if (!live.contains(id)) {
                registry.remove(gauges.remove(id));
                ratios.remove(id);
            }
        }
    }
}
