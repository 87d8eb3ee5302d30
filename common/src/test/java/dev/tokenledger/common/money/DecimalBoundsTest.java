package dev.tokenledger.common.money;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DecimalBoundsTest {

    @ParameterizedTest(name = "{0} is accepted as {1}")
    @CsvSource({
            "0, 0",
            "0.000000075, 0.000000075",
            "12345678901234567890, 12345678901234567890",
            "0.000000000000000000000000000001, 0.000000000000000000000000000001",
            // a per-token price as LiteLLM writes it, float noise and all
            "0.0000016150000000000001, 0.0000016150000000000001",
            // trailing zeros do not count against the fraction digits
            "1.5000000000000000000000000000, 1.5000000000000000000000000000",
            "2.5e3, 2.5E+3",
            "1e-30, 1E-30",
            "-7.25, -7.25",
    })
    void numbersWithinTheBoundsAreAccepted(String text, String expected) {
        assertEquals(new BigDecimal(expected), DecimalBounds.parse(text));
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource({
            "1e-999999999",
            "1e999999999",
            "1e-31",
            "123456789012345678901",
            "0.0000000000000000000000000000001",
            "1e21",
            "-1e2147483647",
            "1e-2147483647",
            "0e-999999999",
            // longer than any bounded number needs to be written
            "0.00000000000000000000000000000000000000000000000000000000000000001",
    })
    void numbersBeyondTheBoundsAreRefusedWithTheRule(String text) {
        DecimalBounds.OutOfBounds e = assertThrows(DecimalBounds.OutOfBounds.class, () -> DecimalBounds.parse(text));
        assertEquals(DecimalBounds.RULE, e.getMessage());
    }

    @ParameterizedTest(name = "{0} is no number")
    @CsvSource({"NaN", "Infinity", "0x10", "'1,000'", "''"})
    void textThatIsNoNumberIsRefusedAsSuch(String text) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> DecimalBounds.parse(text));
        assertEquals("must be a decimal string", DecimalBounds.message(e, "must be a decimal string"));
    }
}
