package dev.tokenledger.budget.spend;

import dev.tokenledger.budget.budget.TenantBudgets;
import dev.tokenledger.budget.counter.BudgetCounters;
import dev.tokenledger.budget.outbox.BudgetEventOutbox;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.kafka.BatchReader;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes usage.priced into the spend counters, a polled batch at a time. Unreadable records go to
 * usage.priced.dlq; a database outage is retried with backoff (the partition waits, nothing is lost).
 * The budget events a batch raises (thresholds, the kill switch, a tenant's first unpriced event:
 * spend the budgets cannot see must be visible, principle 4) are stored in the counting transaction
 * and published by the {@link BudgetEventOutbox} right after it commits.
 */
@ApplicationScoped
public class SpendPipeline {

    @Inject
    SpendCounter counter;

    @Inject
    BudgetCounters budgetCounters;

    @Inject
    TenantBudgets tenantBudgets;

    @Inject
    BudgetEventOutbox outbox;

    @Inject
    @Channel("usage-priced-dlq")
    MutinyEmitter<String> deadLetters;

    /** The database the records are processed into: while it does not answer, a failing record is an outage, not poison. */
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Incoming("usage-priced")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return BatchReader.consume(batch, UsagePriced.class, deadLetters, this::probe, events -> counter.countAll(events)
                .invoke(counted -> {
                    budgetCounters.drainTripped().forEach(tenantBudgets::changed);
                    if (!counted.firstUnpriced().isEmpty() || !counted.budgetEvents().isEmpty()) {
                        outbox.relaySoon();
                    }
                }));
    }

    private Uni<?> probe() {
        return pool.query("SELECT 1").execute();
    }
}
