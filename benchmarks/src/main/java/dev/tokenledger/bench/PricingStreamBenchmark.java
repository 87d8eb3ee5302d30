package dev.tokenledger.bench;

import dev.tokenledger.common.json.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The pricing stream end to end on a running stack: N synthetic events written straight to
 * {@code usage.raw}, timed until all N are on {@code usage.priced} (priced, claimed once in
 * PostgreSQL, published with acks=all). Budget and report keep consuming meanwhile, as in production.
 *
 * <pre>./tokenledger bench pricing-stream [--events 200000]</pre>
 */
public final class PricingStreamBenchmark {

    public static void main(String[] args) throws Exception {
        var o = IngestBenchmark.options(args);
        String bootstrap = o.getOrDefault("kafka", "127.0.0.1:19092");
        int events = Integer.parseInt(o.getOrDefault("events", "200000"));
        String tenant = o.getOrDefault("tenant", "loadtest");
        String run = "ps-" + UUID.randomUUID().toString().substring(0, 8);

        try (KafkaConsumer<String, String> consumer = consumer(bootstrap); KafkaProducer<String, String> producer = producer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor("usage.priced").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            // the events are generated and serialised before the clock starts
            SyntheticUsage gen = new SyntheticUsage(7, tenant, run);
            Instant at = Instant.now();
            List<String> values = new java.util.ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                values.add(Json.write(gen.next(at)));
            }
            long t0 = System.nanoTime();
            for (String value : values) {
                producer.send(new ProducerRecord<>("usage.raw", tenant, value));
            }
            producer.flush();
            double produced = (System.nanoTime() - t0) / 1e9;

            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < events && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().contains("\"" + run + "-")) {
                        seen++;
                    }
                }
            }
            double total = (System.nanoTime() - t0) / 1e9;
            System.out.printf("pricing stream: %,d events written to usage.raw in %.1f s; %,d priced on usage.priced after %.1f s: %,.0f events/s end to end%n",
                    events, produced, seen, total, seen / total);
        }
    }

    /** A producer as the services configure theirs: acks=all, batched, lz4. */
    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }
}
