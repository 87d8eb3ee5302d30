package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.UsagePriced;
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
 * usage.raw → usage.priced, a polled batch at a time, with the price book of the moment (each
 * event priced at its own {@code occurred_at}). Pricing is idempotent on (tenant, event id) through
 * {@link PricedEventLedger}; the batch is acknowledged once every newly priced event is on
 * usage.priced. A record that cannot be read goes to usage.raw.dlq.
 */
@ApplicationScoped
public class PricingPipeline {

    private final UsagePricer pricer = new UsagePricer(Clock.systemUTC());
    private final Counter priced;
    private final Counter unpriced;
    private final Counter duplicates;

    @Inject
    KafkaClientService kafka;

    @Inject
    PriceBookHolder books;

    @Inject
    PricedEventLedger ledger;

    @Inject
    SpendMetrics spend;

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
        this.unpriced = Counter.builder("tokenledger_events_unpriced").description("usage events with no price (model or unit unknown)").register(registry);
        this.duplicates = Counter.builder("tokenledger_events_priced_duplicates").description("redelivered usage events priced before, not published again").register(registry);
    }

    /** The database the records are processed into: while it does not answer, a failing record is an outage, not poison. */
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Incoming("usage-raw")
    public Uni<Void> price(KafkaRecordBatch<String, String> batch) {
        return BatchReader.consume(batch, UsageRecorded.class, deadLetters, this::probe, events -> books.book()
                .chain(book -> OffTheEventLoop.compute(() -> {
                    List<UsagePriced> out = new ArrayList<>(events.size());
                    for (UsageRecorded usage : events) {
                        out.add(pricer.price(usage, book));
                    }
                    return out;
                }))
                .chain(out -> {
                    List<UsagePriced> firstPriced = new ArrayList<>(out.size());
                    return ledger.claimAndPublish(out, fresh -> publish(fresh).invoke(() -> firstPriced.addAll(fresh))).invoke(fresh -> {
                        priced.increment(fresh);
                        duplicates.increment(out.size() - fresh);
                        // after the commit: a batch rolled back and redelivered is counted once, when it commits
                        spend.count(firstPriced);
                    });
                }));
    }

    /** Publishes priced events (also used by re-pricing runs). */
    public Uni<Void> publish(List<UsagePriced> events) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(events.size());
        long unpricedCount = 0;
        for (UsagePriced e : events) {
            records.add(new ProducerRecord<>(pricedTopic, e.tenantId(), Json.write(e)));
            if (!e.pricing().isPriced()) {
                unpricedCount++;
            }
        }
        long n = unpricedCount;
        return BatchPublisher.publish(kafka.<String, String>getProducer("usage-priced"), records).invoke(() -> unpriced.increment(n));
    }

    private Uni<?> probe() {
        return pool.query("SELECT 1").execute();
    }
}
