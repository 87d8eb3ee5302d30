package dev.tokenledger.pricing.price;

import java.math.BigDecimal;

/**
 * One priced meter of one event: {@code quantity × unitPrice / per = amount}, exact.
 * {@code item} is a bucket ({@code input}, {@code cache_read}, …) or a unit ({@code requests}, …);
 * {@code per} is 1,000,000 for token buckets and 1 for units.
 */
public record LineItem(String item, long quantity, BigDecimal unitPrice, long per, BigDecimal amount, String note) {

    public static final long PER_MILLION = 1_000_000L;

    static LineItem tokens(Bucket bucket, long quantity, BigDecimal perMillion, String note) {
        // quantity × price / 10^6: a multiplication and a shift of the decimal point, never rounded
        return new LineItem(bucket.wireName(), quantity, perMillion, PER_MILLION,
                BigDecimal.valueOf(quantity).multiply(perMillion).movePointLeft(6), note);
    }

    static LineItem units(String unit, BigDecimal quantity, BigDecimal perUnit) {
        return new LineItem(unit, 0, perUnit, 1, quantity.multiply(perUnit), null).withQuantityNote(quantity);
    }

    private LineItem withQuantityNote(BigDecimal quantity) {
        // units may be fractional (audio seconds); the long quantity holds whole units, the note the exact figure
        boolean whole = quantity.stripTrailingZeros().scale() <= 0;
        return new LineItem(item, whole ? quantity.longValueExact() : 0, unitPrice, per, amount,
                whole ? null : "quantity " + quantity.toPlainString());
    }
}
