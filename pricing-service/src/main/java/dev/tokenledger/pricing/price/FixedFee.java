package dev.tokenledger.pricing.price;

import java.math.BigDecimal;
import java.util.Set;

/** A fixed periodic fee that belongs to a price entry, e.g. a $50/month data-API subscription. */
public record FixedFee(String name, BigDecimal amount, String period) {

    public static final Set<String> PERIODS = Set.of("day", "week", "month", "quarter", "year");

    public FixedFee {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a fixed fee needs a name");
        }
        if (amount == null || amount.signum() < 0) {
            throw new IllegalArgumentException("fixed fee '" + name + "' needs a non-negative amount");
        }
        if (!PERIODS.contains(period)) {
            throw new IllegalArgumentException("fixed fee '" + name + "' period must be one of " + PERIODS);
        }
        amount = amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    }
}
