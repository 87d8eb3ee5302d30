package dev.tokenledger.report.store;

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
 * usage.priced → the priced-event store, a polled batch at a time (one statement and one
 * transaction per batch). Unreadable records go to usage.priced.dlq; database outages are retried
 * with backoff (the partition waits, nothing is lost); the batch is acknowledged once stored.
 */
@ApplicationScoped
public class PricedEventPipeline {

    @Inject
    UsageEventStore store;

    @Inject
    @Channel("usage-priced-dlq")
    MutinyEmitter<String> deadLetters;

    @Incoming("usage-priced")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return BatchReader.consume(batch, UsagePriced.class, deadLetters, store::storeAll);
    }
}
