package dev.tokenledger.common.kafka;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a batch of records through a channel's producer and completes when the broker has
 * acknowledged every one (with the channel's acks=all), or fails with the first error. One callback
 * per record and one future per batch: a Mutiny pipeline per record costs more CPU than the send.
 * The sends run on the producer's sending thread, which may block; after a failure the rest of the
 * batch is not sent, so an unreachable broker is waited for once per batch, not once per record.
 */
public final class BatchPublisher {

    private BatchPublisher() {
    }

    public static <K, V> Uni<Void> publish(KafkaProducer<K, V> producer, List<ProducerRecord<K, V>> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(records.size());
        Callback callback = (metadata, error) -> {
            if (error != null) {
                acknowledged.completeExceptionally(error);
            } else if (remaining.decrementAndGet() == 0) {
                acknowledged.complete(null);
            }
        };
        return producer.runOnSendingThread(p -> {
                    for (ProducerRecord<K, V> record : records) {
                        if (acknowledged.isDone()) {
                            return;
                        }
                        try {
                            p.send(record, callback);
                        } catch (RuntimeException e) {
                            acknowledged.completeExceptionally(e);
                        }
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(acknowledged));
    }
}
