package dev.tokenledger.report.live;

import dev.tokenledger.common.events.UsagePriced;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Priced events as they are stored, for live views (a session's running cost): one feed for every
 * subscriber, fed by the store's consumer. Each update has a sequence number; the last
 * {@value #KEPT} are kept so a subscriber that reconnects with {@code Last-Event-ID} misses nothing
 * of them. A subscriber that does not keep up gets at most {@value #PER_SUBSCRIBER} updates
 * buffered, then its stream ends (it reconnects and resumes) — memory stays bounded.
 */
@ApplicationScoped
public class LiveFeed {

    static final int KEPT = 4096;
    static final int PER_SUBSCRIBER = 256;

    /** One stored event: who it belongs to and what it cost (null when unpriced). */
    public record Update(long id, String tenant, String session, String project, String eventId, Instant occurredAt, String model,
                         BigDecimal cost, String currency, long tokens, String status) {
    }

    private final BroadcastProcessor<Update> live = BroadcastProcessor.create();
    private final ArrayDeque<Update> recent = new ArrayDeque<>();
    private long sequence;

    /** Publishes a stored batch; under the lock, so a subscriber that is replaying misses and repeats nothing. */
    public void publish(List<UsagePriced> events) {
        synchronized (recent) {
            for (UsagePriced e : events) {
                var u = e.usage();
                Update update = new Update(++sequence, e.tenantId(), u.attribution().session(), u.attribution().project(), e.eventId(),
                        u.occurredAt(), u.model(), e.pricing().cost() == null ? null : e.pricing().cost().amount(),
                        e.pricing().cost() == null ? null : e.pricing().cost().currency(), u.usage().totalTokens(), u.status());
                recent.addLast(update);
                if (recent.size() > KEPT) {
                    recent.removeFirst();
                }
                live.onNext(update);
            }
        }
    }

    /** A tenant's session's updates after {@code after} (0: from now on), then as they come. */
    public Multi<Update> follow(String tenant, String session, long after) {
        return Multi.createFrom().<Update>emitter(emitter -> {
            io.smallrye.mutiny.subscription.Cancellable subscription;
            synchronized (recent) {
                // replayed and subscribed under the lock: nothing published in between is lost or repeated
                if (after > 0) {
                    recent.stream().filter(u -> u.id() > after && matches(u, tenant, session)).forEach(emitter::emit);
                }
                subscription = live.filter(u -> matches(u, tenant, session)).subscribe().with(emitter::emit, emitter::fail);
            }
            emitter.onTermination(subscription::cancel);
        }).onOverflow().buffer(PER_SUBSCRIBER);
    }

    private static boolean matches(Update u, String tenant, String session) {
        return u.tenant().equals(tenant) && session.equals(u.session());
    }
}
