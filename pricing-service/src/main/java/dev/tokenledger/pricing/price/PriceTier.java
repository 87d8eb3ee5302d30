package dev.tokenledger.pricing.price;

import java.math.BigDecimal;
import java.util.List;

/**
 * A conditional set of prices (Langfuse's model → tier → price idea). When every condition holds
 * the <em>whole request</em> is priced with the tier: its listed prices replace the base prices,
 * and, if it has a {@code factor}, the base prices it does not list are multiplied by it (a batch
 * tier written as "50 % of the standard price"). Among matching tiers the lowest {@code priority}
 * number wins.
 */
public record PriceTier(String name, int priority, List<TierCondition> conditions, PriceSheet prices, BigDecimal factor) {

    public PriceTier {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a tier needs a name");
        }
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("tier '" + name + "' needs at least one condition");
        }
        prices = prices == null ? PriceSheet.EMPTY : prices;
        if (factor != null && factor.signum() < 0) {
            throw new IllegalArgumentException("tier '" + name + "' factor must not be negative");
        }
        if (factor != null) {
            factor = factor.stripTrailingZeros();
        }
        if (prices.isEmpty() && factor == null) {
            throw new IllegalArgumentException("tier '" + name + "' needs prices or a factor");
        }
    }

    public boolean applies(long promptTokens, String serviceTier) {
        for (TierCondition c : conditions) {
            if (!c.matches(promptTokens, serviceTier)) {
                return false;
            }
        }
        return true;
    }

    /** The prices a request in this tier pays, given the entry's base prices. */
    public PriceSheet applyTo(PriceSheet base) {
        PriceSheet start = factor == null ? base : base.times(factor);
        return start.overlaidWith(prices);
    }
}
