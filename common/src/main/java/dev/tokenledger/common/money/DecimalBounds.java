package dev.tokenledger.common.money;

import java.math.BigDecimal;

/**
 * The one bound on every decimal the product accepts, from a request body, a CSV file or a Kafka
 * record: at most {@value #MAX_INTEGER_DIGITS} digits before the decimal point and
 * {@value #MAX_FRACTION_DIGITS} after it (trailing zeros do not count). That is far beyond any price,
 * quantity or amount (10^20 dollars; a per-token price as a provider writes it, float noise and
 * all: {@code 0.0000016150000000000001}), fits PostgreSQL's {@code NUMERIC} columns, and keeps
 * every product of two such numbers cheap. A number written with an exponent is held to the same bound once expanded:
 * {@code 1e-999999999} would be a billion digits, which the database refuses and a {@code setScale}
 * turns into a heap exhausted by one request.
 */
public final class DecimalBounds {

    public static final int MAX_INTEGER_DIGITS = 20;
    public static final int MAX_FRACTION_DIGITS = 30;
    /** Longer texts are refused before they are parsed. */
    static final int MAX_TEXT_LENGTH = 64;
    public static final String RULE = "must have at most " + MAX_INTEGER_DIGITS + " digits before and "
            + MAX_FRACTION_DIGITS + " after the decimal point";

    /** A decimal outside the bounds; a {@link NumberFormatException}, so every parse site that refuses bad numbers refuses it too. */
    public static final class OutOfBounds extends NumberFormatException {
        public OutOfBounds() {
            super(RULE);
        }
    }

    private DecimalBounds() {
    }

    /** Parses plain or scientific decimal notation and applies the bounds. */
    public static BigDecimal parse(String text) {
        String t = text.trim();
        if (t.length() > MAX_TEXT_LENGTH) {
            throw new OutOfBounds();
        }
        return check(new BigDecimal(t));
    }

    /** The number itself, if it is within the bounds. */
    public static BigDecimal check(BigDecimal d) {
        if (!within(d)) {
            throw new OutOfBounds();
        }
        return d;
    }

    public static boolean within(BigDecimal d) {
        if (d.signum() == 0) {
            // 0e-999999999 is zero, but written out it is a billion digits
            return d.scale() <= MAX_FRACTION_DIGITS && d.scale() >= -MAX_INTEGER_DIGITS;
        }
        // long arithmetic: a scale near Integer.MIN_VALUE must not wrap around
        long integerDigits = (long) d.precision() - d.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            return false;
        }
        if (d.scale() <= MAX_FRACTION_DIGITS) {
            return true;
        }
        // trailing zeros do not count; the unscaled value has at most MAX_TEXT_LENGTH digits
        // (or was computed from bounded numbers), so stripping them is cheap
        return (long) d.scale() - (d.precision() - 1) <= MAX_FRACTION_DIGITS && d.stripTrailingZeros().scale() <= MAX_FRACTION_DIGITS;
    }

    /** The message for a number a parse site refused: the bound's, or the site's own for text that is no number. */
    public static String message(NumberFormatException e, String notANumber) {
        return e instanceof OutOfBounds ? RULE : notANumber;
    }
}
