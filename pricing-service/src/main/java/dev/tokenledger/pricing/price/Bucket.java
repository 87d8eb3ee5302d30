package dev.tokenledger.pricing.price;

import java.util.Locale;

/** The canonical token buckets a price can name (DESIGN: canonical usage). Prices are per million tokens. */
public enum Bucket {
    INPUT, CACHE_READ, CACHE_WRITE, CACHE_WRITE_1H, OUTPUT, REASONING;

    /** The name used in JSON, the database and line items: {@code input}, {@code cache_write_1h}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Bucket fromWireName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown price bucket '" + name + "' (input, cache_read, cache_write, cache_write_1h, output, reasoning)");
        }
    }

    /** Buckets that count toward the prompt size a long-context tier looks at. */
    public boolean isPrompt() {
        return this == INPUT || this == CACHE_READ || this == CACHE_WRITE || this == CACHE_WRITE_1H;
    }
}
