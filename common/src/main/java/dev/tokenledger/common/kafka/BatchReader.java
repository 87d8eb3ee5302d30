package dev.tokenledger.common.kafka;

import dev.tokenledger.common.json.Json;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a polled batch of JSON records into contracts. A record that cannot be read goes to the
 * dead-letter channel (and is acknowledged only once the DLQ has it); the others are returned.
 */
public final class BatchReader {

    private BatchReader() {
    }

    public static <T> Uni<List<T>> read(KafkaRecordBatch<String, String> batch, Class<T> type, MutinyEmitter<String> deadLetters) {
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
