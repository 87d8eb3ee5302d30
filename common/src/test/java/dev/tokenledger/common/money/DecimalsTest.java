package dev.tokenledger.common.money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DecimalsTest {

    @Test
    void plainDropsTrailingZerosAndAPointLeftAlone() {
        assertEquals("0.045", Decimals.plain(new BigDecimal("0.0450")));
        assertEquals("1000", Decimals.plain(new BigDecimal("1E+3")));
        assertEquals("1000", Decimals.plain(new BigDecimal("1000.000")));
        assertEquals("0", Decimals.plain(new BigDecimal("0.000000000000")));
        assertEquals("-2.5", Decimals.plain(new BigDecimal("-2.500")));
        assertEquals("0.000000000001", Decimals.plain(new BigDecimal("1E-12")));
        assertNull(Decimals.plain(null));
    }

    @Test
    void plainWritesWhatStrippingTheZerosWouldForAnyDecimal() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(120), random);
            if (random.nextBoolean()) {
                unscaled = unscaled.negate();
            }
            BigDecimal d = new BigDecimal(unscaled, random.nextInt(40) - 10);
            if (random.nextInt(4) == 0) {
                d = d.setScale(d.scale() + random.nextInt(6));
            }
            assertEquals(d.stripTrailingZeros().toPlainString(), Decimals.plain(d), d.toString());
        }
    }
}
