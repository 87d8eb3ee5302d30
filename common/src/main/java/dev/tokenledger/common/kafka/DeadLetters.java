package dev.tokenledger.common.kafka;

import io.micrometer.core.instrument.Metrics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * A record that cannot be processed, for {@code <topic>.dlq}: the original key and value, the reason
 * in headers (same header names as SmallRye's dead-letter strategy), so it is kept, never dropped, and
 * never blocks its partition. Used where records are consumed in batches and a bad one must not take
 * the whole batch to the dead-letter topic. {@link DeadLetterShelf} lists them and replays them.
 */
public final class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String EXCEPTION = "dead-letter-exception-class-name";
    public static final String SOURCE_TOPIC = "dead-letter-topic";
    public static final String SOURCE_PARTITION = "dead-letter-partition";
    public static final String SOURCE_OFFSET = "dead-letter-offset";
    /** The service whose consumer gave up on the record. */
    public static final String CONSUMER = "dead-letter-consumer";
    /** On a replayed record: the dead letter it came from, {@code <dlq topic>/<partition>@<offset>}. */
    public static final String REPLAYED_FROM = "replayed-from";

    private DeadLetters() {
    }

    public static Message<String> message(String key, String value, String sourceTopic, int partition, long offset, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(String.valueOf(reason.getMessage())));
        headers.add(EXCEPTION, bytes(reason.getClass().getName()));
        headers.add(SOURCE_TOPIC, bytes(sourceTopic));
        headers.add(SOURCE_PARTITION, bytes(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, bytes(Long.toString(offset)));
        headers.add(CONSUMER, bytes(consumer()));
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build());
    }

    /**
     * Counts a dead letter in {@code tokenledger_dead_letters_total{topic,kind,consumer}}; the alert
     * {@code TokenledgerDeadLetters} fires on any increase. {@code kind} is {@code unreadable} or {@code refused}.
     */
    public static void count(String sourceTopic, String kind) {
        Metrics.counter("tokenledger_dead_letters", "topic", sourceTopic, "kind", kind, "consumer", consumer()).increment();
    }

    static String consumer() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class).orElse("unknown");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
