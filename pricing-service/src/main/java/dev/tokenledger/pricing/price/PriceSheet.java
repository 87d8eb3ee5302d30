package dev.tokenledger.pricing.price;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Prices as exact decimals: per million tokens for each {@link Bucket}, and per unit for other
 * meters ({@code requests}, {@code images}, {@code web_search_calls}, {@code audio_seconds}, custom
 * units). A bucket or unit that is absent is "not listed" — never "free".
 */
public record PriceSheet(Map<Bucket, BigDecimal> perMillionTokens, Map<String, BigDecimal> perUnit) {

    public static final PriceSheet EMPTY = new PriceSheet(Map.of(), Map.of());

    public PriceSheet {
        EnumMap<Bucket, BigDecimal> tokens = new EnumMap<>(Bucket.class);
        (perMillionTokens == null ? Map.<Bucket, BigDecimal>of() : perMillionTokens).forEach((b, p) -> tokens.put(b, checked(b.wireName(), p)));
        TreeMap<String, BigDecimal> units = new TreeMap<>();
        (perUnit == null ? Map.<String, BigDecimal>of() : perUnit).forEach((u, p) -> units.put(u, checked(u, p)));
        perMillionTokens = Collections.unmodifiableMap(tokens);
        perUnit = Collections.unmodifiableMap(units);
    }

    private static BigDecimal checked(String name, BigDecimal price) {
        Objects.requireNonNull(price, name);
        if (price.signum() < 0) {
            throw new IllegalArgumentException("price of " + name + " must not be negative, was " + price.toPlainString());
        }
        // one representation per value, so that equal prices compare equal in diffs and imports
        return price.signum() == 0 ? BigDecimal.ZERO : price.stripTrailingZeros();
    }

    public BigDecimal token(Bucket bucket) {
        return perMillionTokens.get(bucket);
    }

    public BigDecimal unit(String unit) {
        return perUnit.get(unit);
    }

    public boolean isEmpty() {
        return perMillionTokens.isEmpty() && perUnit.isEmpty();
    }

    /** This sheet with every price that {@code over} lists replaced by that price. */
    public PriceSheet overlaidWith(PriceSheet over) {
        EnumMap<Bucket, BigDecimal> tokens = new EnumMap<>(Bucket.class);
        tokens.putAll(perMillionTokens);
        tokens.putAll(over.perMillionTokens);
        TreeMap<String, BigDecimal> units = new TreeMap<>(perUnit);
        units.putAll(over.perUnit);
        return new PriceSheet(tokens, units);
    }

    /** Every price multiplied by {@code factor} exactly (e.g. 0.5 for a batch discount). */
    public PriceSheet times(BigDecimal factor) {
        EnumMap<Bucket, BigDecimal> tokens = new EnumMap<>(Bucket.class);
        perMillionTokens.forEach((b, p) -> tokens.put(b, p.multiply(factor)));
        TreeMap<String, BigDecimal> units = new TreeMap<>();
        perUnit.forEach((u, p) -> units.put(u, p.multiply(factor)));
        return new PriceSheet(tokens, units);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final EnumMap<Bucket, BigDecimal> tokens = new EnumMap<>(Bucket.class);
        private final TreeMap<String, BigDecimal> units = new TreeMap<>();

        public Builder token(Bucket bucket, String perMillion) {
            return token(bucket, new BigDecimal(perMillion));
        }

        public Builder token(Bucket bucket, BigDecimal perMillion) {
            if (perMillion != null) {
                tokens.put(bucket, perMillion);
            }
            return this;
        }

        public Builder unit(String unit, String perUnit) {
            return unit(unit, new BigDecimal(perUnit));
        }

        public Builder unit(String unit, BigDecimal perUnit) {
            if (perUnit != null) {
                units.put(unit, perUnit);
            }
            return this;
        }

        public boolean isEmpty() {
            return tokens.isEmpty() && units.isEmpty();
        }

        public PriceSheet build() {
            return new PriceSheet(tokens, units);
        }
    }
}
