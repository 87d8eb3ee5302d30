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
import java.util.function.Supplier;

/**
 * How every service consumes a polled batch of JSON records.
 * <ul>
 * <li>A record that cannot be read (not JSON, a number out of bounds, a NUL in a text) goes to the
 * dead-letter channel at once.</li>
 * <li>The others are processed together; an outage makes the partition wait and retry without
 * limit, nothing is lost.</li>
 * <li>Any other failure splits the batch in halves, processed in order, down to single records;
 * a single record that keeps failing while the service's probe answers is a poison record
 * ({@link RecordFailures}): it goes to the dead-letter channel with the error, and the records
 * behind it go on.</li>
 * </ul>
 * The batch is acknowledged once every record is processed or dead-lettered. Processing must be
 * idempotent on (tenant, event id): a retry, a split or a redelivery repeats it.
 */
public final class BatchReader {

    private static final Logger LOG = Logger.getLogger(BatchReader.class);

    /** A record and what it was read as. */
    private record Read<T>(KafkaRecord<String, String> record, T value) {
    }

    private BatchReader() {
    }

    /**
     * @param probe asks the service's own dependencies (e.g. {@code SELECT 1}): while it fails, a
     *              failing record is an outage, never poison
     */
    public static <T> Uni<Void> consume(KafkaRecordBatch<String, String> batch, Class<T> type, MutinyEmitter<String> deadLetters,
                                        Supplier<Uni<?>> probe, Function<List<T>, Uni<?>> process) {
        return read(batch, type, deadLetters)
                .chain(items -> items.isEmpty() ? Uni.createFrom().voidItem() : settle(items, type, deadLetters, probe, process))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static <T> Uni<Void> settle(List<Read<T>> items, Class<T> type, MutinyEmitter<String> deadLetters,
                                        Supplier<Uni<?>> probe, Function<List<T>, Uni<?>> process) {
        Supplier<Uni<? extends Void>> work = () -> process.apply(items.stream().map(Read::value).toList()).replaceWithVoid();
        if (items.size() == 1) {
            Read<T> only = items.get(0);
            return RecordFailures.untilDoneOrPoison("processing a " + type.getSimpleName() + " record (" + where(only.record()) + ")", work, probe)
                    .onFailure(RecordFailures.Poison.class).recoverWithUni(poison -> {
                        LOG.errorf("a %s record (%s) failed every attempt while the service's dependencies answer: dead-lettered (%s)",
                                type.getSimpleName(), where(only.record()), poison.getCause().toString());
                        return deadLetter(only.record(), poison.getCause(), deadLetters, "refused");
                    });
        }
        return Uni.createFrom().deferred(work)
                .onFailure(RecordFailures::isOutage).invoke(e -> LOG.warnf("processing %d %s records failed, retrying: %s", items.size(), type.getSimpleName(), e.toString()))
                .onFailure(RecordFailures::isOutage).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("processing %d %s records failed (%s): processing them in halves to find the record that fails", items.size(), type.getSimpleName(), e.toString());
                    int half = items.size() / 2;
                    return settle(items.subList(0, half), type, deadLetters, probe, process)
                            .chain(() -> settle(items.subList(half, items.size()), type, deadLetters, probe, process));
                });
    }

    static <T> Uni<List<Read<T>>> read(KafkaRecordBatch<String, String> batch, Class<T> type, MutinyEmitter<String> deadLetters) {
        List<Read<T>> good = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> dead = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                good.add(new Read<>(record, Json.read(record.getPayload(), type)));
            } catch (RuntimeException e) {
                LOG.warnf("a %s record (%s) cannot be read: dead-lettered (%s)", type.getSimpleName(), where(record), e.getMessage());
                dead.add(deadLetter(record, e, deadLetters, "unreadable"));
            }
        }
        if (dead.isEmpty()) {
            return Uni.createFrom().item(good);
        }
        return Uni.join().all(dead).andFailFast().replaceWith(good);
    }

    /** Kept until the dead-letter topic has it: while the broker is away, the batch waits. */
    private static Uni<Void> deadLetter(KafkaRecord<String, String> record, Throwable reason, MutinyEmitter<String> deadLetters, String kind) {
        long offset = offset(record);
        return Uni.createFrom().deferred(() -> deadLetters.sendMessage(DeadLetters.message(record.getKey(), record.getPayload(), record.getTopic(),
                        record.getPartition(), offset, reason)))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(() -> DeadLetters.count(record.getTopic(), kind));
    }

    private static long offset(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getOffset()).orElse(-1L);
    }

    private static String where(KafkaRecord<String, String> record) {
        return record.getTopic() + "/" + record.getPartition() + "@" + offset(record);
    }
}
