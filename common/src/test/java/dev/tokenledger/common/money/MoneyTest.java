package dev.tokenledger.common.money;

import dev.tokenledger.common.json.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoneyTest {

    @Test
    void addsExactlyWhereDoublesDrift() {
        Money sum = Money.usd("0.1").plus(Money.usd("0.2"));
        assertEquals(new BigDecimal("0.3").compareTo(sum.amount()), 0);
        assertTrue(0.1 + 0.2 != 0.3, "the float bug this type exists to avoid");
    }

    @Test
    void keepsAtLeastTwelveDecimalPlaces() {
        assertEquals("0.000001615000", Money.usd("0.000001615").amount().toPlainString());
        // a per-token price times a token count loses nothing
        Money cost = Money.usd("0.0000025").times(new BigDecimal("646"));
        assertEquals("0.001615000000", cost.amount().toPlainString());
    }

    @Test
    void serialisesAsDecimalStringInPlainNotation() {
        String json = Json.write(Money.usd("0.000000000001"));
        assertEquals("{\"amount\":\"0.000000000001\",\"currency\":\"USD\"}", json);
        assertEquals(Money.usd("1E-12"), Json.read(json, Money.class));
    }

    @Test
    void readsAmountsWithoutPassingThroughADouble() {
        Money m = Json.read("{\"amount\":\"12.345678901234567890\",\"currency\":\"EUR\"}", Money.class);
        assertEquals("12.345678901234567890", m.amount().toPlainString());
    }

    @Test
    void refusesMixedCurrenciesAndNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Money.usd("1").plus(Money.of("1", "EUR")));
        assertThrows(IllegalArgumentException.class, () -> Money.of("NaN", "USD"));
        assertThrows(IllegalArgumentException.class, () -> Money.of("1", "dollars"));
    }

    @Test
    void equalityIgnoresScale() {
        assertEquals(Money.usd("1.5"), Money.usd("1.500000000000000"));
        assertEquals(Money.usd("1.5").hashCode(), Money.usd("1.500000000000000").hashCode());
    }

    @Test
    void roundsOnlyForDisplayHalfEven() {
        assertEquals("0.12", Money.usd("0.125").rounded(2).toPlainString());
        assertEquals("0.14", Money.usd("0.135").rounded(2).toPlainString());
    }
}
