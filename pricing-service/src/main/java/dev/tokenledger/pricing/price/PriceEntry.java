package dev.tokenledger.pricing.price;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The prices of one model at one provider for a span of time {@code [effectiveFrom, effectiveTo)}.
 * {@code provider} is {@code "*"} for entries that match any provider (Langfuse's list);
 * {@code aliases} are other model ids that mean this model; {@code matchPattern} is an optional
 * case-insensitive regular expression over the model id. Entries are immutable: a change of price
 * is a new entry, and the old one is closed at the new one's {@code effectiveFrom}.
 */
public record PriceEntry(
        long id,
        String scope,
        String source,
        String provider,
        String model,
        List<String> aliases,
        String matchPattern,
        Instant effectiveFrom,
        Instant effectiveTo,
        String currency,
        PriceSheet prices,
        List<PriceTier> tiers,
        List<FixedFee> fees) {

    public static final String GLOBAL = "*";
    public static final String ANY_PROVIDER = "*";

    public PriceEntry {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(effectiveFrom, "effective_from");
        scope = scope == null ? GLOBAL : scope;
        currency = currency == null ? "USD" : currency;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        prices = prices == null ? PriceSheet.EMPTY : prices;
        tiers = tiers == null ? List.of() : tiers.stream().sorted(Comparator.comparingInt(PriceTier::priority)).toList();
        fees = fees == null ? List.of() : List.copyOf(fees);
        if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("effective_to must be after effective_from for " + provider + "/" + model);
        }
        if (prices.isEmpty() && tiers.isEmpty() && fees.isEmpty()) {
            throw new IllegalArgumentException(provider + "/" + model + " lists no price");
        }
    }

    public boolean inForceAt(Instant at) {
        return !at.isBefore(effectiveFrom) && (effectiveTo == null || at.isBefore(effectiveTo));
    }

    /** Provider and model, the key under which effective-dated entries follow each other. */
    public String key() {
        return provider + "/" + model;
    }

    /** The same prices, rules and fees (what an import compares to decide whether anything changed). */
    public boolean samePricesAs(PriceEntry o) {
        return currency.equals(o.currency) && prices.equals(o.prices) && tiers.equals(o.tiers) && fees.equals(o.fees)
                && aliases.equals(o.aliases) && Objects.equals(matchPattern, o.matchPattern);
    }

    public PriceEntry withId(long newId) {
        return new PriceEntry(newId, scope, source, provider, model, aliases, matchPattern, effectiveFrom, effectiveTo, currency, prices, tiers, fees);
    }

    public PriceEntry withEffective(Instant from, Instant to) {
        return new PriceEntry(id, scope, source, provider, model, aliases, matchPattern, from, to, currency, prices, tiers, fees);
    }

    public PriceEntry withScope(String newScope, String newSource) {
        return new PriceEntry(id, newScope, newSource, provider, model, aliases, matchPattern, effectiveFrom, effectiveTo, currency, prices, tiers, fees);
    }
}
