package dev.tokenledger.pricing.importer;

import dev.tokenledger.common.money.DecimalBounds;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

/**
 * Reads price lists so that every amount keeps its exact decimal text: {@code 3e-06} per token is
 * exactly 3 per million, never 2.9999999999999997. Nothing here goes through a double.
 */
public final class Decimals {

    /*
     * Floats become BigDecimal parsed from their text, and tree nodes keep that value as is
     * (the non-deprecated form of JsonNodeFactory.withExactBigDecimals(true)). Configured once,
     * then only read from: safe to share between threads.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Decimals() {
    }

    public static JsonNode readTree(InputStream json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || root.isMissingNode()) {
            throw new IOException("the price list is empty");
        }
        return root;
    }

    /**
     * The exact amount of a JSON number or numeric string ({@code "0.000003"}, as OpenRouter writes
     * prices); {@code null} for an absent or null node.
     *
     * @throws IllegalArgumentException if the node is neither, or was parsed through a double
     */
    public static BigDecimal exact(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
                // a tree from another mapper: its value has already lost the decimal text
                throw new IllegalArgumentException("number " + node + " was read through a double");
            }
            if (!DecimalBounds.within(node.decimalValue())) {
                throw new IllegalArgumentException("number " + node.asText() + " " + DecimalBounds.RULE);
            }
            return node.decimalValue();
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            try {
                return DecimalBounds.parse(text);
            } catch (DecimalBounds.OutOfBounds e) {
                throw new IllegalArgumentException("'" + text + "' " + DecimalBounds.RULE);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: '" + text + "'");
            }
        }
        throw new IllegalArgumentException("not a number: " + abbreviated(node));
    }

    /** A per-token amount as a per-million-tokens amount: the decimal point moves, nothing is rounded. */
    public static BigDecimal perMillion(JsonNode perToken) {
        BigDecimal value = exact(perToken);
        return value == null ? null : value.movePointRight(6);
    }

    /** A whole number of tokens written as {@code 256000} or {@code 256000.0}. */
    public static long wholeNumber(JsonNode node, String what) {
        BigDecimal value = exact(node);
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        try {
            return value.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " is not a whole number: " + value.toPlainString());
        }
    }

    private static String abbreviated(JsonNode node) {
        String s = node.toString();
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
