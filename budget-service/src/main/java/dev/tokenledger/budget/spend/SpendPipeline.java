package dev.tokenledger.budget.spend;

import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.json.Json;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Consumes usage.priced into the spend counters. A record that cannot be read goes to
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
    @Channel("budget-events")
    MutinyEmitter<String> budgetEvents;

    @Incoming("usage-priced")
    public Uni<Void> consume(String json) {
        UsagePriced event = Json.read(json, UsagePriced.class);
        return counter.count(event)
                .onFailure().invoke(e -> LOG.warnf("counting %s/%s failed, retrying: %s", event.tenantId(), event.eventId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .flatMap(outcome -> outcome == SpendCounter.Outcome.FIRST_UNPRICED ? publishUnpriced(event) : Uni.createFrom().voidItem());
    }

    private Uni<Void> publishUnpriced(UsagePriced event) {
        BudgetEvent alert = new BudgetEvent(BudgetEvent.SCHEMA_VERSION, BudgetEvent.TYPE, event.tenantId(),
                "unpriced-usage:" + event.tenantId() + ":" + event.eventId(), event.occurredAt(), null, null,
                "unpriced_usage", "warning", null, null, null, null, null);
        return budgetEvents.sendMessage(Message.of(Json.write(alert))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.tenantId()).build()));
    }
}
