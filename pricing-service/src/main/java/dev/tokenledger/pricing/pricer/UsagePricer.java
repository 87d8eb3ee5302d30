package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;

import java.time.Clock;

/**
 * Prices one recorded usage event. Until a catalogue is loaded every event comes out
 * {@link Pricing.Status#UNPRICED} with the reason — an unknown price is never $0 (principle 4).
 */
public class UsagePricer {

    private final Clock clock;

    public UsagePricer(Clock clock) {
        this.clock = clock;
    }

    public UsagePriced price(UsageRecorded usage) {
        return UsagePriced.of(usage, Pricing.unpriced(
                "no price for " + usage.provider() + "/" + usage.model() + " at " + usage.occurredAt(), clock.instant()));
    }
}
