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
 * transaction per batch). Unreadable and poison records go to usage.priced.dlq; database outages
 * are retried with backoff (the partition waits, nothing is lost); the batch is acknowledged once
 * stored ({@link BatchReader}).
 */
@ApplicationScoped
public class PricedEventPipeline {

    @Inject
    UsageEventStore store;

    /** Live views hear of a batch once it is stored. */
    @Inject
    dev.tokenledger.report.live.LiveFeed live;

    @Inject
    @Channel("usage-priced-dlq")
    MutinyEmitter<String> deadLetters;

    /** The database the records are processed into: while it does not answer, a failing record is an outage, not poison. */
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Incoming("usage-priced")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return BatchReader.consume(batch, UsagePriced.class, deadLetters, this::probe,
                events -> store.storeAll(events).invoke(() -> live.publish(events)));
    }

    private Uni<?> probe() {
        return pool.query("SELECT 1").execute();
    }
}
