package dev.tokenledger.pricing.price;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's negotiated discount in percent, for one provider (model {@code null}) or one model,
 * effective-dated like catalogue entries. Applied to every line amount of a matching event.
 */
public record Discount(long id, String tenantId, String provider, String model, BigDecimal percent,
                       Instant effectiveFrom, Instant effectiveTo, String reason) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Discount {
        Objects.requireNonNull(tenantId, "tenant");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(effectiveFrom, "effective_from");
        if (percent == null || percent.signum() <= 0 || percent.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("percent must be more than 0 and at most 100");
        }
        percent = percent.stripTrailingZeros();
        if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("effective_to must be after effective_from");
        }
    }

    public boolean appliesTo(String eventProvider, String entryModel, String eventModel, Instant at) {
        boolean inForce = !at.isBefore(effectiveFrom) && (effectiveTo == null || at.isBefore(effectiveTo));
        boolean providerMatches = provider.equals(PriceEntry.ANY_PROVIDER) || provider.equals(eventProvider);
        boolean modelMatches = model == null || model.equals(entryModel) || model.equals(eventModel);
        return inForce && providerMatches && modelMatches;
    }

    /** More specific wins: a model discount over a provider discount. */
    public int specificity() {
        return (model != null ? 2 : 0) + (provider.equals(PriceEntry.ANY_PROVIDER) ? 0 : 1);
    }

    /** The amount to subtract from {@code amount}: exact, no rounding. */
    public BigDecimal of(BigDecimal amount) {
        return amount.multiply(percent).movePointLeft(2);
    }
}
