package dev.tokenledger.common.kafka;

import dev.tokenledger.common.json.Json;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How every service consumes a polled batch of JSON records: records that cannot be read go to the
 * dead-letter channel (and are acknowledged only once the DLQ has them); the others are processed
 * together, retried with backoff while processing fails (a database or broker outage makes the
 * partition wait, nothing is lost), and the batch is acknowledged after that. Processing must be
 * idempotent on (tenant, event id): a retry or a redelivery repeats it.
 */
public final class BatchReader {

    private static final Logger LOG = Logger.getLogger(BatchReader.class);

    private BatchReader() {
    }

    public static <T> Uni<Void> consume(KafkaRecordBatch<String, String> batch, Class<T> type, MutinyEmitter<String> deadLetters,
                                        Function<List<T>, Uni<?>> process) {
        return read(batch, type, deadLetters)
                .flatMap(items -> items.isEmpty() ? Uni.createFrom().voidItem() : Uni.createFrom().deferred(() -> process.apply(items))
                        .onFailure().invoke(e -> LOG.warnf("processing %d %s records failed, retrying: %s", items.size(), type.getSimpleName(), e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                        .replaceWithVoid())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    static <T> Uni<List<T>> read(KafkaRecordBatch<String, String> batch, Class<T> type, MutinyEmitter<String> deadLetters) {
        List<T> good = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> dead = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                good.add(Json.read(record.getPayload(), type));
            } catch (RuntimeException e) {
                long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L);
                dead.add(deadLetters.sendMessage(DeadLetters.message(record.getKey(), record.getPayload(), record.getTopic(),
                        record.getPartition(), offset, e)));
            }
        }
        if (dead.isEmpty()) {
            return Uni.createFrom().item(good);
        }
        return Uni.join().all(dead).andFailFast().replaceWith(good);
    }
}
