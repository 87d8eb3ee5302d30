package dev.tokenledger.ingest.usage;

import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.kafka.BatchPublisher;
import dev.tokenledger.common.problem.ProblemException;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts a batch of usage events for a tenant: normalises and validates it whole, drops the event
 * ids the tenant has sent before, and answers only after the broker acknowledged every new event on
 * usage.raw. When the broker does not acknowledge in time, or too many events already wait for it,
 * the answer is 503 and nothing of the batch is recorded as received, so the client's retry with the
 * same ids is accepted (a copy that did reach the topic is dropped downstream by its event id).
 */
@ApplicationScoped
public class UsageEventService {

    private static final Logger LOG = Logger.getLogger(UsageEventService.class);

    /** The usage-raw channel's producer (acks=all, idempotent); a batch goes to it through {@link BatchPublisher}. */
    @Inject
    KafkaClientService kafka;

    @ConfigProperty(name = "mp.messaging.outgoing.usage-raw.topic")
    String topic;

    /** Connects the usage-raw channel (its producer and its readiness check); records go through {@link #kafka}. */
    @Inject
    @Channel("usage-raw")
    Emitter<String> usageRawChannel;

    @Inject
    EventReceipts receipts;

    @Inject
    IngestConfig config;

    @Inject
    IngestMetrics metrics;

    private final UsageEventNormalizer normalizer = new UsageEventNormalizer(Clock.systemUTC());
    private final AtomicInteger inFlight = new AtomicInteger();

    public Uni<IngestResult> ingest(String tenantId, List<UsageEventRequest> batch) {
        UsageEventNormalizer.Result normalized = normalizer.normalize(tenantId, batch);
        if (!normalized.errors().isEmpty()) {
            metrics.rejected(tenantId, batch.size());
            return Uni.createFrom().failure(ProblemException.validation(normalized.errors()));
        }
        return record(tenantId, normalized.events());
    }

    /** Records events already normalised and validated (OTLP spans): drops the ids seen before, publishes the rest. */
    public Uni<IngestResult> record(String tenantId, List<UsageRecorded> events) {
        List<String> ids = events.stream().map(UsageRecorded::eventId).toList();
        return receipts.alreadyReceived(tenantId, ids).flatMap(seen -> {
            List<UsageRecorded> fresh = seen.isEmpty() ? events : events.stream().filter(e -> !seen.contains(e.eventId())).toList();
            return publish(tenantId, fresh)
                    .flatMap(v -> receipts.record(tenantId, fresh.stream().map(UsageRecorded::eventId).toList()))
                    .map(v -> {
                        metrics.accepted(tenantId, fresh.size());
                        metrics.duplicates(tenantId, seen.size());
                        return result(ids, seen);
                    });
        }).onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
            LOG.warnf("ingest of %d event(s) of tenant %s failed: %s", events.size(), tenantId, e.toString());
            return ProblemException.unavailable("the receipt store is unavailable; retry later with the same event ids",
                    config.retryAfterSeconds());
        });
    }

    private Uni<Void> publish(String tenantId, List<UsageRecorded> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        if (inFlight.addAndGet(n) > config.maxInFlightEvents()) {
            inFlight.addAndGet(-n);
            metrics.unavailable(tenantId, n);
            return Uni.createFrom().failure(ProblemException.unavailable(
                    "too many events are waiting for the event log; retry later with the same event ids", 1));
        }
        Timer.Sample sample = Timer.start();
        List<ProducerRecord<String, String>> records = new ArrayList<>(n);
        for (UsageRecorded event : events) {
            records.add(new ProducerRecord<>(topic, tenantId, Json.write(event)));
        }
        return BatchPublisher.publish(kafka.<String, String>getProducer("usage-raw"), records)
                .ifNoItem().after(config.publishTimeout()).fail()
                .onItemOrFailure().invoke((ok, failure) -> {
                    inFlight.addAndGet(-n);
                    if (failure == null) {
                        sample.stop(metrics.publishTimer());
                    }
                })
                .replaceWithVoid()
                .onFailure().transform(e -> {
                    LOG.warnf("usage.raw did not acknowledge %d event(s) of tenant %s: %s", n, tenantId, e.toString());
                    metrics.unavailable(tenantId, n);
                    return ProblemException.unavailable(
                            "the event log did not acknowledge the events in time; retry later with the same event ids",
                            config.retryAfterSeconds());
                });
    }

    private static IngestResult result(List<String> ids, Set<String> seen) {
        List<IngestResult.EventStatus> statuses = ids.stream()
                .map(id -> new IngestResult.EventStatus(id, seen.contains(id) ? "duplicate" : "accepted"))
                .toList();
        return new IngestResult(ids.size() - seen.size(), seen.size(), statuses);
    }
}
