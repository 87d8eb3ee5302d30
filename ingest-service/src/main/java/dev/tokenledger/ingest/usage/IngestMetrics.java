package dev.tokenledger.ingest.usage;

import dev.tokenledger.common.metrics.BoundedTagValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;


/**
 * {@code tokenledger_ingest_events_total{tenant, outcome}} and {@code tokenledger_ingest_publish_seconds}.
 * The tenant tag is bounded: past {@code max-tenants-in-metrics} tenants, the rest count as "other".
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final BoundedTagValues tenants;
    private final Timer publish;

    @Inject
    public IngestMetrics(MeterRegistry registry, IngestConfig config) {
        this.registry = registry;
        this.tenants = new BoundedTagValues(config.maxTenantsInMetrics());
        this.publish = Timer.builder("tokenledger_ingest_publish")
                .description("time from a batch's first send to the broker's acknowledgement of all its events")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public void accepted(String tenant, int n) {
        count(tenant, "accepted", n);
    }

    public void duplicates(String tenant, int n) {
        count(tenant, "duplicate", n);
    }

    public void rejected(String tenant, int n) {
        count(tenant, "rejected", n);
    }

    public void unavailable(String tenant, int n) {
        count(tenant, "unavailable", n);
    }

    public Timer publishTimer() {
        return publish;
    }

    private void count(String tenant, String outcome, int n) {
        if (n <= 0) {
            return;
        }
        Counter.builder("tokenledger_ingest_events").description("usage events by outcome")
                .tag("tenant", tenants.of(tenant)).tag("outcome", outcome).register(registry).increment(n);
    }
}
