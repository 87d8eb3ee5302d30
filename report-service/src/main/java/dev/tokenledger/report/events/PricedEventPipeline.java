package dev.tokenledger.report.events;

import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.json.Json;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/** usage.priced → the priced-event store. Unreadable records go to usage.priced.dlq; database outages are retried. */
@ApplicationScoped
public class PricedEventPipeline {

    private static final Logger LOG = Logger.getLogger(PricedEventPipeline.class);

    @Inject
    PricedEventStore store;

    @Incoming("usage-priced")
    public Uni<Void> consume(String json) {
        UsagePriced event = Json.read(json, UsagePriced.class);
        return store.store(event)
                .onFailure().invoke(e -> LOG.warnf("storing %s/%s failed, retrying: %s", event.tenantId(), event.eventId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
