package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.metrics.BoundedTagValues;
import dev.tokenledger.common.money.Money;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.RoundingMode;
import java.util.List;

/**
 * {@code tokenledger_spend_microusd_total{tenant, provider, model}}: what the events priced for the
 * first time cost, in whole micro-dollars, for dashboards and alerts on burn rate. Integers: a
 * Prometheus counter holds them exactly (up to $9 billion per series), where dollars with fractions
 * would be floats. Each event is rounded to the micro-dollar (half even); reports and budgets, which
 * are exact, stay the record. A re-pricing corrects reports, not this counter. Tenants and models
 * are bounded ({@code tokenledger.metrics.max-tenants}, {@code max-models}); other currencies are not counted.
 */
@ApplicationScoped
public class SpendMetrics {

    private final MeterRegistry registry;
    private final BoundedTagValues tenants;
    private final BoundedTagValues models;

    @Inject
    public SpendMetrics(MeterRegistry registry, @ConfigProperty(name = "tokenledger.metrics.max-tenants", defaultValue = "100") int maxTenants,
                        @ConfigProperty(name = "tokenledger.metrics.max-models", defaultValue = "200") int maxModels) {
        this.registry = registry;
        this.tenants = new BoundedTagValues(maxTenants);
        this.models = new BoundedTagValues(maxModels);
        // present from the start, so that rules and dashboards find the series before the first event
        counter("none", "none", "none");
    }

    void count(List<UsagePriced> firstPriced) {
        for (UsagePriced e : firstPriced) {
            Money cost = e.billedCost();
            if (cost == null || !"USD".equals(cost.currency()) || cost.amount().signum() == 0) {
                continue;
            }
            long micro = cost.amount().movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            counter(tenants.of(e.tenantId()), e.usage().provider(), models.of(e.usage().model())).increment(micro);
        }
    }

    private Counter counter(String tenant, String provider, String model) {
        return Counter.builder("tokenledger_spend_microusd").description("spend of events priced for the first time, in whole micro-dollars")
                .tags("tenant", tenant, "provider", provider == null ? BoundedTagValues.UNKNOWN : provider, "model", model).register(registry);
    }
}
