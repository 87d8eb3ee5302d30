package dev.tokenledger.common.money;

import java.math.BigDecimal;

/** Decimal text for answers. */
public final class Decimals {

    private Decimals() {
    }

    /**
     * The shortest plain form: {@code 0.0450} → "0.045", {@code 1E+3} → "1000", {@code 0.000} → "0";
     * the same text as {@code stripTrailingZeros().toPlainString()}, which divides by ten with
     * BigInteger arithmetic until a digit is not zero: on the decision path that was a few percent
     * of every answer's allocation, for figures shown a dozen times per answer.
     */
    public static String plain(BigDecimal d) {
        if (d == null) {
            return null;
        }
        String text = d.toPlainString();
        if (d.scale() <= 0) {
            return text;
        }
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }
}
