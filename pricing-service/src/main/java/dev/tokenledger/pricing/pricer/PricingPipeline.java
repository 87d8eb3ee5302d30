package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import java.time.Clock;

/**
 * usage.raw → usage.priced. The incoming record is acknowledged only once the priced record is
 * acknowledged by the broker; a record that cannot be read goes to usage.raw.dlq.
 * Redelivery may publish a priced event twice; every consumer of usage.priced is idempotent.
 */
@ApplicationScoped
public class PricingPipeline {

    private final UsagePricer pricer = new UsagePricer(Clock.systemUTC());
    private final Counter priced;

    @Inject
    public PricingPipeline(MeterRegistry registry) {
        this.priced = Counter.builder("tokenledger_events_priced").description("usage events priced (including unpriced)").register(registry);
    }

    @Incoming("usage-raw")
    @Outgoing("usage-priced")
    public String price(String rawJson) {
        UsageRecorded usage = Json.read(rawJson, UsageRecorded.class);
        String out = Json.write(pricer.price(usage));
        priced.increment();
        return out;
    }
}
