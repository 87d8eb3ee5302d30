package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.money.Money;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SpendMetricsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static UsagePriced priced(String tenant, String model, Money cost) {
        Pricing pricing = cost == null ? Pricing.unpriced("no price", AT) : Pricing.priced(cost, "1", "e1", AT);
        return UsagePriced.of(PriceBookTest.event(tenant, "openai", model, AT), pricing);
    }

    private static double spend(SimpleMeterRegistry registry, String tenant, String model) {
        var counter = registry.find("tokenledger_spend_microusd").tags("tenant", tenant, "provider", "openai", "model", model).counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void eachEventCountsItsCostInWholeMicroDollarsRoundedHalfEven() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SpendMetrics(registry, 100, 200).count(List.of(
                priced("acme", "gpt-4o", Money.usd("1.50")),                // 1,500,000
                priced("acme", "gpt-4o", Money.usd("0.0000125")),           // 12.5 → 12
                priced("acme", "gpt-4o", Money.usd("0.0000135")),           // 13.5 → 14
                priced("acme", "gpt-4o", Money.usd("0.000000400000"))));    // 0.4 → 0
        assertEquals(1_500_026, spend(registry, "acme", "gpt-4o"));
    }

    @Test
    void unpricedEventsAndOtherCurrenciesAreNotCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SpendMetrics(registry, 100, 200).count(List.of(priced("acme", "mystery", null), priced("acme", "gpt-4o", Money.of("2.00", "EUR"))));
        assertEquals(-1, spend(registry, "acme", "mystery"));
        assertEquals(-1, spend(registry, "acme", "gpt-4o"));
        // the series rules and dashboards look for is there before any spend
        assertEquals(0.0, registry.find("tokenledger_spend_microusd").tags("tenant", "none", "provider", "none", "model", "none").counter().count());
    }

    @Test
    void tenantsAndModelsPastTheirBoundsCountAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SpendMetrics(registry, 2, 1).count(List.of(
                priced("acme", "gpt-4o", Money.usd("0.000001")),
                priced("globex", "gpt-4.1", Money.usd("0.000002")),
                priced("initech", "gpt-4o", Money.usd("0.000004"))));
        assertEquals(1, spend(registry, "acme", "gpt-4o"));
        assertEquals(2, spend(registry, "globex", "other"));
        assertEquals(4, spend(registry, "other", "gpt-4o"));
        assertNull(registry.find("tokenledger_spend_microusd").tags("tenant", "initech").counter());
    }
}
