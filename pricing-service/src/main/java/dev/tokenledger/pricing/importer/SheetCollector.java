package dev.tokenledger.pricing.importer;

import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.PriceSheet;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers one price sheet from a list's fields, remembering which field gave each price so that
 * two fields meaning the same thing can be checked against each other (the first one wins).
 * Not thread-safe: one per entry being read.
 */
final class SheetCollector {

    private final EnumMap<Bucket, BigDecimal> tokens = new EnumMap<>(Bucket.class);
    private final TreeMap<String, BigDecimal> units = new TreeMap<>();
    private final Map<String, String> from = new HashMap<>();

    /**
     * Adds a per-million price read from {@code field}.
     *
     * @return {@code null}, or why the price was not taken (another field already gave a different one)
     * @throws IllegalArgumentException if the price is negative: the entry should not be imported
     */
    String token(Bucket bucket, BigDecimal perMillion, String field) {
        return put(tokens, bucket, bucket.wireName() + " per million", perMillion, field);
    }

    /** Adds a per-unit price; same contract as {@link #token}. */
    String unit(String unit, BigDecimal perUnit, String field) {
        return put(units, unit, "unit " + unit, perUnit, field);
    }

    private <K> String put(Map<K, BigDecimal> map, K key, String label, BigDecimal price, String field) {
        if (price == null) {
            return null;
        }
        if (price.signum() < 0) {
            throw new IllegalArgumentException("negative price in " + field + " (" + label + " " + price.toPlainString() + ")");
        }
        BigDecimal had = map.get(key);
        if (had == null) {
            map.put(key, price);
            from.put(label, field);
            return null;
        }
        if (had.compareTo(price) == 0) {
            return null;
        }
        return field + " ignored: " + label + " " + price.toPlainString() + " differs from " + had.toPlainString() + " given by "
                + from.get(label);
    }

    BigDecimal token(Bucket bucket) {
        return tokens.get(bucket);
    }

    boolean has(Bucket bucket) {
        return tokens.containsKey(bucket);
    }

    boolean isEmpty() {
        return tokens.isEmpty() && units.isEmpty();
    }

    /** Takes every price of {@code other} that this sheet does not list. */
    void fillFrom(SheetCollector other) {
        other.tokens.forEach(tokens::putIfAbsent);
        other.units.forEach(units::putIfAbsent);
    }

    /**
     * In a tier that changes the output price but says nothing about reasoning, reasoning follows
     * the output price when the base lists reasoning at the output price (reasoning "billed as
     * output"); otherwise the base reasoning price would leak into the tier.
     */
    void reasoningFollowsOutput(SheetCollector base) {
        BigDecimal baseReasoning = base.token(Bucket.REASONING);
        BigDecimal baseOutput = base.token(Bucket.OUTPUT);
        if (has(Bucket.OUTPUT) && !has(Bucket.REASONING) && baseReasoning != null && baseOutput != null
                && baseReasoning.compareTo(baseOutput) == 0) {
            tokens.put(Bucket.REASONING, token(Bucket.OUTPUT));
        }
    }

    PriceSheet build() {
        return new PriceSheet(tokens, units);
    }
}
