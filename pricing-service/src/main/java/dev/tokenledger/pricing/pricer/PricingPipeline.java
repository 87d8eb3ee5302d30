package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.kafka.BatchPublisher;
import dev.tokenledger.common.kafka.BatchReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * usage.raw → usage.priced, a polled batch at a time. The batch is acknowledged only once every
 * priced record is acknowledged by the broker; if publishing fails it is retried (a retry may
 * publish a priced event twice; every consumer of usage.priced is idempotent on tenant + event id).
 * A record that cannot be read goes to usage.raw.dlq.
 */
@ApplicationScoped
public class PricingPipeline {

    private final UsagePricer pricer = new UsagePricer(Clock.systemUTC());
    private final Counter priced;

    @Inject
    KafkaClientService kafka;

    @ConfigProperty(name = "mp.messaging.outgoing.usage-priced.topic")
    String pricedTopic;

    /** Connects the usage-priced channel (its producer and readiness check); records go through {@link BatchPublisher}. */
    @Inject
    @Channel("usage-priced")
    Emitter<String> usagePricedChannel;

    @Inject
    @Channel("usage-raw-dlq")
    MutinyEmitter<String> deadLetters;

    @Inject
    public PricingPipeline(MeterRegistry registry) {
        this.priced = Counter.builder("tokenledger_events_priced").description("usage events priced (including unpriced)").register(registry);
    }

    @Incoming("usage-raw")
    public Uni<Void> price(KafkaRecordBatch<String, String> batch) {
        return BatchReader.consume(batch, UsageRecorded.class, deadLetters, events -> {
            List<ProducerRecord<String, String>> out = new ArrayList<>(events.size());
            for (UsageRecorded usage : events) {
                out.add(new ProducerRecord<>(pricedTopic, usage.tenantId(), Json.write(pricer.price(usage))));
            }
            return BatchPublisher.publish(kafka.<String, String>getProducer("usage-priced"), out)
                    .invoke(() -> priced.increment(out.size()));
        });
    }
}
