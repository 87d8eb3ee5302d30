package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetStore;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.budget.period.BudgetPeriod;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Raises {@code period_reset} once per budget and period when a new day, week, month or quarter
 * begins in the budget's time zone (so alerts of the old period can be resolved). A budget's first
 * period is recorded without an event. The event is published before the period is recorded, so a
 * failure is retried and a repeat carries the same event id (the notifier drops it). Checked every {@code period-check-interval}.
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
    @Channel("budget-events")
    MutinyEmitter<String> budgetEvents;

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(config.periodCheckInterval().toMillis(), id -> check().subscribe()
                .with(x -> { }, e -> LOG.warnf("period reset check failed (retried next interval): %s", e.getMessage())));
    }

    Uni<Void> check() {
        Instant now = Instant.now();
        return pool.query("SELECT " + BudgetStore.COLUMNS + " FROM budget.budget WHERE deleted_at IS NULL").execute()
                .map(BudgetStore::budgets)
                .chain(budgets -> {
                    List<Budget> periodic = budgets.stream()
                            .filter(b -> b.period().kind() != BudgetPeriod.Kind.TOTAL && b.period().kind() != BudgetPeriod.Kind.ROLLING).toList();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Budget b : periodic) {
                        BudgetPeriod.Window w = b.period().windowAt(now, b.zone());
                        var start = w.start().atOffset(ZoneOffset.UTC);
                        // published before it is recorded: a failure is retried next interval, a repeat has the same event id
                        chain = chain.chain(() -> pool.preparedQuery("SELECT 1 FROM budget.budget_period_reset WHERE budget_id = $1 AND period_start = $2")
                                .execute(Tuple.of(b.id(), start))
                                .chain(rows -> rows.size() > 0 ? Uni.createFrom().voidItem()
                                        : (b.createdAt().isBefore(w.start()) ? publish(BudgetEvents.of(b, "period_reset", "info", null,
                                                new CounterReads.Usage(w, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0), null, "reset"))
                                                : Uni.createFrom().voidItem())
                                        .chain(() -> pool.preparedQuery("INSERT INTO budget.budget_period_reset (budget_id, period_start) VALUES ($1, $2)"
                                                + " ON CONFLICT DO NOTHING").execute(Tuple.of(b.id(), start)).replaceWithVoid())));
                    }
                    return chain;
                });
    }

    private Uni<Void> publish(BudgetEvent e) {
        return budgetEvents.sendMessage(Message.of(Json.write(e))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(e.tenantId()).build()));
    }
}
