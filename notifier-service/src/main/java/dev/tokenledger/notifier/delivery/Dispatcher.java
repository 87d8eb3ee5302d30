package dev.tokenledger.notifier.delivery;

import dev.tokenledger.notifier.channel.Channel;
import dev.tokenledger.notifier.channel.ChannelStore;
import dev.tokenledger.notifier.config.NotifierConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Works through the delivery outbox. Every {@code poll-interval} it leases the channels that have a
 * due delivery (one owner per channel across replicas, so a channel's alerts leave in order) and
 * sends each channel's pending deliveries oldest first, stopping at the first that is not due or
 * fails. All progress is in PostgreSQL: after a crash the lease expires and any instance resumes.
 * Failures back off exponentially with jitter; N failures dead-letter a delivery; consecutive
 * failures open the channel's persisted circuit breaker.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int MAX_PER_CHANNEL_AND_TICK = 100;

    @Inject
    NotifierConfig config;

    @Inject
    DeliveryStore store;

    @Inject
    ChannelStore channels;

    @Inject
    Senders senders;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    Vertx vertx;

    /** This instance in leases and the attempt log: host (the pod name on Kubernetes) and a random suffix per start. */
    private final String owner = System.getenv().getOrDefault("HOSTNAME", "notifier") + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    void onStart(@Observes StartupEvent ev) {
        if (config.delivery().enabled()) {
            timer = vertx.setPeriodic(config.delivery().pollInterval().toMillis(), id -> tick());
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One round; skipped while the previous one still runs. */
    void tick() {
        if (stopped || !busy.compareAndSet(false, true)) {
            return;
        }
        store.claimChannels(owner, config.delivery().lease())
                .chain(ids -> Multi.createFrom().iterable(ids).onItem().transformToUni(this::drain).merge(8).collect().last())
                // a round stuck on a hung connection must not stop every later round; leases keep channels exclusive
                .ifNoItem().after(config.delivery().lease().multipliedBy(2)).fail()
                .subscribe().with(x -> busy.set(false), e -> {
                    busy.set(false);
                    LOG.warnf("delivery round failed (retried next round): %s", e.getMessage());
                });
    }

    private Uni<Void> drain(long channelId) {
        return channels.byId(channelId)
                .chain(c -> c == null ? Uni.createFrom().voidItem() : next(c, MAX_PER_CHANNEL_AND_TICK))
                .eventually(() -> store.release(owner, channelId))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("channel %d: %s (retried next round)", channelId, e.getMessage());
                    return null;
                });
    }

    private Uni<Void> next(Channel c, int budget) {
        if (budget == 0 || stopped) {
            return Uni.createFrom().voidItem();
        }
        return store.head(c.id()).chain(d -> {
            if (d == null || d.nextAttemptAt().isAfter(Instant.now())) {
                return Uni.createFrom().voidItem();
            }
            Instant started = Instant.now();
            return senders.send(c, d).chain(o -> record(c, d, started, o)).chain(ok -> ok ? next(c, budget - 1) : Uni.createFrom().voidItem());
        });
    }

    /** @return whether to go on with the channel's next delivery */
    private Uni<Boolean> record(Channel c, Delivery d, Instant started, Outcome o) {
        String type = c.type().wireName();
        if (o.ok()) {
            return store.delivered(d, owner, config.delivery().lease(), started, o).invoke(done -> {
                if (done) {
                    metrics.outcome(type, Delivery.DELIVERED);
                }
            });
        }
        var dc = config.delivery();
        return store.failed(d, owner, started, o, backoff(d.attempts() + 1), dc.maxAttempts(), dc.breakerFailures(), dc.breakerOpen())
                .map(status -> {
                    if (status != null) {
                        metrics.outcome(type, Delivery.DEAD.equals(status) ? Delivery.DEAD : "failed");
                        LOG.infof("delivery %d to channel %d attempt %d failed (%s): %s", d.id(), c.id(), d.attempts() + 1, status, o.error());
                    }
                    // a dead-lettered delivery no longer holds the queue; a retrying one does (order)
                    return Delivery.DEAD.equals(status);
                });
    }

    /** Exponential backoff before attempt {@code attempt + 1}, capped, with jitter in [50 %, 100 %] so retries spread out. */
    Duration backoff(int attempt) {
        long initial = config.delivery().initialBackoff().toMillis();
        long max = config.delivery().maxBackoff().toMillis();
        long exp = initial << Math.min(attempt - 1, 30);
        long capped = exp <= 0 ? max : Math.min(exp, max);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
