package dev.tokenledger.common.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * A record that cannot be processed, for {@code <topic>.dlq}: the original key and value, the reason
 * in headers (same header names as SmallRye's dead-letter strategy), so it is kept, never dropped, and
 * never blocks its partition. Used where records are consumed in batches and a bad one must not take
 * the whole batch to the dead-letter topic.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static Message<String> message(String key, String value, String sourceTopic, int partition, long offset, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", bytes(String.valueOf(reason.getMessage())));
        headers.add("dead-letter-exception-class-name", bytes(reason.getClass().getName()));
        headers.add("dead-letter-topic", bytes(sourceTopic));
        headers.add("dead-letter-partition", bytes(Integer.toString(partition)));
        headers.add("dead-letter-offset", bytes(Long.toString(offset)));
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
