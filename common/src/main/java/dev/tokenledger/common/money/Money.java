package dev.tokenledger.common.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount of money. Never a double: the amount is a {@link BigDecimal} and travels as a
 * decimal string ({@code {"amount": "12.345000000000", "currency": "USD"}}).
 *
 * <p>Internal amounts keep at least {@link #SCALE} decimal places so that per-token prices
 * multiplied by token counts lose nothing; rounding happens only for display.
 */
public record Money(
        @JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal amount,
        String currency) implements Comparable<Money> {

    /** Decimal places kept for costs (principle 1: at least 12). */
    public static final int SCALE = 12;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as USD, was '" + currency + "'");
        }
        if (amount.scale() < SCALE) {
            amount = amount.setScale(SCALE, RoundingMode.UNNECESSARY);
        }
    }

    @JsonCreator
    public static Money of(@JsonProperty("amount") String amount, @JsonProperty("currency") String currency) {
        if (amount == null) {
            throw new IllegalArgumentException("amount is required");
        }
        return new Money(parseDecimal(amount), currency);
    }

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public static Money usd(String amount) {
        return of(amount, "USD");
    }

    /**
     * Parses a decimal string strictly: plain or scientific decimal notation, no NaN, no infinity,
     * no hexadecimal, no thousands separators; within {@link DecimalBounds}.
     */
    public static BigDecimal parseDecimal(String text) {
        try {
            return DecimalBounds.parse(text);
        } catch (DecimalBounds.OutOfBounds e) {
            throw new IllegalArgumentException("the amount " + DecimalBounds.RULE);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal number");
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }

    @JsonIgnore
    public boolean isZero() {
        return amount.signum() == 0;
    }

    @JsonIgnore
    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** The amount rounded half-even to {@code places} decimals, for display only. */
    public BigDecimal rounded(int places) {
        return amount.setScale(places, RoundingMode.HALF_EVEN);
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    /** Two amounts are equal when they are numerically equal, whatever their scale. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Money m && currency.equals(m.currency) && amount.compareTo(m.amount) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount.stripTrailingZeros(), currency);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }
}
