package dev.tokenledger.ingest.usage;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.problem.Problem.FieldError;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Accepts a batch of usage events for a tenant: validates it whole, drops the event ids the tenant
 * has sent before, and answers only after the broker acknowledged every new event on usage.raw.
 */
@ApplicationScoped
public class UsageEventService {

    private static final Logger LOG = Logger.getLogger(UsageEventService.class);

    @Inject
    @Channel("usage-raw")
    MutinyEmitter<String> usageRaw;

    @Inject
    EventReceipts receipts;

    private final Clock clock = Clock.systemUTC();
    private final UsageEventValidator validator = new UsageEventValidator(clock);

    public Uni<IngestResult> ingest(String tenantId, List<UsageEventRequest> batch) {
        List<FieldError> errors = validator.validate(batch);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.validation(errors));
        }
        Instant now = clock.instant();
        List<UsageRecorded> events = batch.stream().map(r -> toEvent(tenantId, r, now)).toList();
        List<String> ids = events.stream().map(UsageRecorded::eventId).toList();
        return receipts.alreadyReceived(tenantId, ids).flatMap(seen -> {
            List<UsageRecorded> fresh = events.stream().filter(e -> !seen.contains(e.eventId())).toList();
            return publish(tenantId, fresh)
                    .flatMap(v -> receipts.record(tenantId, fresh.stream().map(UsageRecorded::eventId).toList()))
                    .map(v -> result(ids, seen));
        });
    }

    private Uni<Void> publish(String tenantId, List<UsageRecorded> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>();
        for (UsageRecorded event : events) {
            Message<String> message = Message.of(Json.write(event))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(tenantId).build());
            sends.add(usageRaw.sendMessage(message));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .onFailure().transform(e -> {
                    LOG.warnf(e, "usage.raw did not acknowledge %d event(s) of tenant %s", events.size(), tenantId);
                    return ProblemException.unavailable("the event log did not acknowledge the events; retry later with the same event ids");
                });
    }

    private static UsageRecorded toEvent(String tenantId, UsageEventRequest r, Instant now) {
        String eventId = r.eventId() != null ? r.eventId() : UUID.randomUUID().toString();
        Instant occurredAt = r.occurredAt() != null ? r.occurredAt().toInstant() : now;
        return new UsageRecorded(UsageRecorded.SCHEMA_VERSION, UsageRecorded.TYPE, tenantId, eventId, occurredAt, now,
                r.provider(), r.model(), r.operation() != null ? r.operation() : "chat",
                r.status() != null ? r.status() : "success", r.requestId(), r.latencyMs(), r.serviceTier(),
                r.usage() != null ? r.usage() : new Usage(0, 0, 0, 0, 0, 0, null), null,
                r.attribution() != null ? r.attribution() : Attribution.none());
    }

    private static IngestResult result(List<String> ids, Set<String> seen) {
        List<IngestResult.EventStatus> statuses = ids.stream()
                .map(id -> new IngestResult.EventStatus(id, seen.contains(id) ? "duplicate" : "accepted"))
                .toList();
        return new IngestResult(ids.size() - seen.size(), seen.size(), statuses);
    }
}
