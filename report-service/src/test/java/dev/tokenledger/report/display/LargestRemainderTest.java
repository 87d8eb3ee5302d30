package dev.tokenledger.report.display;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LargestRemainderTest {

    private static List<BigDecimal> d(String... v) {
        return java.util.Arrays.stream(v).map(BigDecimal::new).toList();
    }

    @Test
    void thirdsStillAddUpToTheTotalShown() {
        List<BigDecimal> shown = LargestRemainder.round(d("0.333333", "0.333333", "0.333334"), 2);
        assertEquals(d("0.33", "0.33", "0.34"), shown);
        assertEquals(new BigDecimal("1.00"), shown.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    @Test
    void sharesAddUpToExactlyOneHundred() {
        List<BigDecimal> shares = LargestRemainder.percentShares(d("1", "1", "1"), 1);
        assertEquals(d("33.4", "33.3", "33.3"), shares);
        List<BigDecimal> skewed = LargestRemainder.percentShares(d("127.50", "82.875", "44.625"), 1);
        assertEquals(new BigDecimal("100.0"), skewed.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        assertEquals(d("0.0", "0.0"), LargestRemainder.percentShares(d("0", "0"), 1), "an empty total has no shares");
    }

    @Test
    void roundingNaivelyWouldNotAddUp() {
        // 0.005 × 3 rounds half-up to 0.01 each = 0.03, but the total 0.015 shows as 0.02
        List<BigDecimal> shown = LargestRemainder.round(d("0.005", "0.005", "0.005"), 2);
        assertEquals(new BigDecimal("0.02"), shown.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }
}
