package dev.tokenledger.report.anomaly;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RobustBaselineTest {

    private final RobustBaseline baseline = new RobustBaseline(new BigDecimal("6"), new BigDecimal("0.10"), new BigDecimal("1.00"));

    private static List<BigDecimal> steady(String v) {
        return Collections.nCopies(14, new BigDecimal(v));
    }

    @Test
    void steadyTrafficIsNotAnAnomalyEvenWithAZeroSpread() {
        assertFalse(baseline.judge(steady("0.50"), new BigDecimal("0.50")).anomalous());
        assertFalse(baseline.judge(steady("0.50"), new BigDecimal("0.55")).anomalous(), "10 % up is one spread, z = 1");
    }

    @Test
    void twentyTimesTheUsualIsAnAnomaly() {
        RobustBaseline.Verdict v = baseline.judge(steady("0.50"), new BigDecimal("10.00"));
        assertTrue(v.anomalous());
        assertEquals(0, new BigDecimal("0.50").compareTo(v.median()));
        assertEquals(new BigDecimal("190.00"), v.z());
    }

    @Test
    void tinyAmountsNeverAlertWhateverTheirRatio() {
        assertFalse(baseline.judge(steady("0.01"), new BigDecimal("0.50")).anomalous(), "50× but only 0.49 over");
    }

    @Test
    void oneOldSpikeDoesNotRaiseTheBaseline() {
        List<BigDecimal> history = new java.util.ArrayList<>(steady("1.00"));
        history.set(3, new BigDecimal("40.00"));
        assertTrue(baseline.judge(history, new BigDecimal("20.00")).anomalous(), "the median and MAD ignore the old spike");
    }
}
