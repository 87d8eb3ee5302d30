package dev.tokenledger.common.events;

import dev.tokenledger.common.money.Money;

/** A cost the provider itself reported (e.g. OpenRouter's {@code usage.cost}); it wins over our estimate in reports. */
public record ReportedCost(Money cost, String source) {
}
