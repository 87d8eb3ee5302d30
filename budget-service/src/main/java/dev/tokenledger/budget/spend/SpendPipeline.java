package dev.tokenledger.budget.spend;

import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.kafka.BatchReader;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumes usage.priced into the spend counters, a polled batch at a time. Unreadable records go to
 * usage.priced.dlq; a database outage is retried with backoff (the partition waits, nothing is lost).
 * The first unpriced event of a tenant raises an {@code unpriced_usage} budget event: spend the
 * budgets cannot see must be visible (principle 4).
 */
@ApplicationScoped
public class SpendPipeline {

    private static final Logger LOG = Logger.getLogger(SpendPipeline.class);

    @Inject
    SpendCounter counter;

    @Inject
    dev.tokenledger.budget.counter.BudgetCounters budgetCounters;

    @Inject
    dev.tokenledger.budget.budget.TenantBudgets tenantBudgets;

    @Inject
    @Channel("budget-events")
    MutinyEmitter<String> budgetEvents;

    @Inject
    @Channel("usage-priced-dlq")
    MutinyEmitter<String> deadLetters;

    @Incoming("usage-priced")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        // the alert is retried on its own: a retry of the counting would find the events already counted
        return BatchReader.consume(batch, UsagePriced.class, deadLetters, events -> counter.countAll(events)
                .invoke(counted -> budgetCounters.drainTripped().forEach(tenantBudgets::changed))
                .flatMap(counted -> publishUnpriced(counted.firstUnpriced()).chain(() -> publish(counted.budgetEvents()))
                        .onFailure().invoke(e -> LOG.warnf("publishing unpriced_usage failed, retrying: %s", e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()));
    }

    /** Threshold events, keyed by tenant; their event id (budget, period, threshold) lets the notifier drop a repeat. */
    private Uni<Void> publish(List<BudgetEvent> raised) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (BudgetEvent e : raised) {
            sends.add(budgetEvents.sendMessage(Message.of(Json.write(e))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(e.tenantId()).build())));
        }
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private Uni<Void> publishUnpriced(List<UsagePriced> firsts) {
        if (firsts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>();
        for (UsagePriced event : firsts) {
            BudgetEvent alert = new BudgetEvent(BudgetEvent.SCHEMA_VERSION, BudgetEvent.TYPE, event.tenantId(),
                    "unpriced-usage:" + event.tenantId() + ":" + event.eventId(), event.occurredAt(), null, null,
                    "unpriced_usage", "warning", null, null, null, null, null);
            sends.add(budgetEvents.sendMessage(Message.of(Json.write(alert))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.tenantId()).build())));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
