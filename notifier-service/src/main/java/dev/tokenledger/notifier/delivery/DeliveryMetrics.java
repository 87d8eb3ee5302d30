package dev.tokenledger.notifier.delivery;

import dev.tokenledger.notifier.config.NotifierConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code tokenledger_notifier_deliveries_total{channel_type, outcome}} (outcome delivered, failed =
 * an attempt that will be retried, dead), {@code tokenledger_notifier_queue_depth} (pending
 * deliveries) and {@code tokenledger_notifier_oldest_pending_age_seconds}, measured in PostgreSQL
 * every {@code gauge-interval} so they count every replica's queue.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    DeliveryStore store;

    @Inject
    NotifierConfig config;

    @Inject
    Vertx vertx;

    private final AtomicReference<DeliveryStore.QueueStats> stats = new AtomicReference<>(new DeliveryStore.QueueStats(0, 0));

    void onStart(@Observes StartupEvent ev) {
        Gauge.builder("tokenledger_notifier_queue_depth", stats, s -> s.get().depth())
                .description("deliveries waiting to be sent (incl. retries and quiet hours)").register(registry);
        Gauge.builder("tokenledger_notifier_oldest_pending_age_seconds", stats, s -> s.get().oldestPendingSeconds())
                .description("age of the oldest pending delivery").register(registry);
        vertx.setPeriodic(config.delivery().gaugeInterval().toMillis(), id -> store.queueStats().subscribe()
                .with(stats::set, e -> LOG.debugf("queue gauges not refreshed: %s", e.getMessage())));
    }

    public void outcome(String channelType, String outcome) {
        registry.counter("tokenledger_notifier_deliveries_total", "channel_type", channelType, "outcome", outcome).increment();
    }
}
