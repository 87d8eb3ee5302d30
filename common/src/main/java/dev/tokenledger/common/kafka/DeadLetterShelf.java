package dev.tokenledger.common.kafka;

import dev.tokenledger.common.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The dead-letter topics read and replayed for an operator. Listing reads the last records of each
 * {@code <topic>.dlq} without a consumer group (nothing is committed, nothing moves); a replay sends
 * the original key and value back to the topic the record came from, so it is processed again
 * after the cause is fixed. Every consumer is idempotent on (tenant, event id), so replaying a
 * record twice, or one that another consumer of the same topic had already processed, counts it
 * once. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class DeadLetterShelf {

    static final Duration READ_DEADLINE = Duration.ofSeconds(10);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** Unset in production (an empty default would count as missing). */
    @ConfigProperty(name = "tokenledger.topic-suffix")
    Optional<String> suffix;

    /** One dead letter as an operator sees it; {@code value} is the original record, unchanged. */
    public record Letter(String topic, int partition, long offset, Instant deadLetteredAt, String key, String sourceTopic,
                         Integer sourcePartition, Long sourceOffset, String consumer, String reason, String exception,
                         String replayedFrom, String value) {
    }

    /** A dead-letter topic and how many records it holds (those the broker's retention has not removed). */
    public record Shelf(String topic, String sourceTopic, long held) {
    }

    /** Where a replayed record was written. */
    public record Replayed(String topic, int partition, long offset) {
    }

    /** Not a dead-letter topic of the product, or no record at that place; the message names what is missing. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The dead-letter topics of every consumed topic, with this installation's topic suffix. */
    public List<String> topics() {
        return Topics.CONSUMED.stream().map(t -> Topics.deadLetter(t + suffix.orElse(""))).toList();
    }

    public List<Shelf> shelves() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<Shelf> shelves = new ArrayList<>();
            for (String topic : topics()) {
                List<TopicPartition> parts = partitions(consumer, topic);
                long held = 0;
                if (!parts.isEmpty()) {
                    Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, READ_DEADLINE);
                    Map<TopicPartition, Long> end = consumer.endOffsets(parts, READ_DEADLINE);
                    for (TopicPartition p : parts) {
                        held += end.get(p) - begin.get(p);
                    }
                }
                shelves.add(new Shelf(topic, sourceOf(topic), held));
            }
            return shelves;
        }
    }

    /** The newest {@code limit} dead letters of {@code topic}, newest first. */
    public List<Letter> newest(String topic, int limit) {
        requireKnown(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer, topic);
            if (parts.isEmpty()) {
                return List.of();
            }
            consumer.assign(parts);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, READ_DEADLINE);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, READ_DEADLINE);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition p : parts) {
                consumer.seek(p, Math.max(begin.get(p), end.get(p) - limit));
                if (end.get(p) > begin.get(p)) {
                    remaining.put(p, end.get(p));
                }
            }
            List<Letter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(letter(r));
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            return letters.stream()
                    .sorted(Comparator.comparing(Letter::deadLetteredAt).reversed().thenComparing(Letter::offset, Comparator.reverseOrder()))
                    .limit(limit)
                    .toList();
        }
    }

    /** Sends the record at {@code topic}/{@code partition}@{@code offset} back to the topic it came from. */
    public Replayed replay(String topic, int partition, long offset) {
        requireKnown(topic);
        ConsumerRecord<byte[], byte[]> record = read(topic, partition, offset)
                .orElseThrow(() -> new NotFound("dead letter " + topic + "/" + partition + "@" + offset));
        ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(sourceOf(topic), record.key(), record.value());
        again.headers().add(DeadLetters.REPLAYED_FROM, (topic + "/" + partition + "@" + offset).getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            RecordMetadata written = producer.send(again).get(READ_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return new Replayed(written.topic(), written.partition(), written.offset());
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not take the replayed record: " + e.getMessage(), e);
        }
    }

    private Optional<ConsumerRecord<byte[], byte[]>> read(String topic, int partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition p = new TopicPartition(topic, partition);
            if (partitions(consumer, topic).stream().noneMatch(p::equals)) {
                return Optional.empty();
            }
            consumer.assign(List.of(p));
            long begin = consumer.beginningOffsets(List.of(p), READ_DEADLINE).get(p);
            long end = consumer.endOffsets(List.of(p), READ_DEADLINE).get(p);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(p, offset);
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return Optional.of(r);
                    }
                }
                if (consumer.position(p) > offset) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    }

    private void requireKnown(String topic) {
        if (!topics().contains(topic)) {
            throw new NotFound("dead-letter topic '" + topic + "'");
        }
    }

    private static String sourceOf(String deadLetterTopic) {
        return deadLetterTopic.substring(0, deadLetterTopic.length() - ".dlq".length());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> info = consumer.partitionsFor(topic, READ_DEADLINE);
        return info == null ? List.of() : info.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    static Letter letter(ConsumerRecord<byte[], byte[]> r) {
        return new Letter(r.topic(), r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), text(r.key()),
                header(r, DeadLetters.SOURCE_TOPIC), number(header(r, DeadLetters.SOURCE_PARTITION), Integer::valueOf),
                number(header(r, DeadLetters.SOURCE_OFFSET), Long::valueOf), header(r, DeadLetters.CONSUMER),
                header(r, DeadLetters.REASON), header(r, DeadLetters.EXCEPTION), header(r, DeadLetters.REPLAYED_FROM), text(r.value()));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : text(h.value());
    }

    private static <N> N number(String text, java.util.function.Function<String, N> parse) {
        try {
            return text == null ? null : parse.apply(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "tokenledger-dead-letter-shelf"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "tokenledger-dead-letter-replay"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}
