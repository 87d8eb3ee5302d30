package dev.tokenledger.report.anomaly;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Is an hour's cost far above its usual? Robust z-score: (observed − median) / spread, with
 * spread = max(1.4826 · MAD, {@code minRelativeSpread} · median) — the median absolute deviation
 * ignores the odd past spike, and the floor keeps perfectly steady traffic (MAD 0) from turning
 * every cent into an infinite z. An hour alerts only if it is also {@code minExcess} over the median.
 */
public final class RobustBaseline {

    static final BigDecimal MAD_TO_SIGMA = new BigDecimal("1.4826");
    private static final MathContext MC = MathContext.DECIMAL64;

    public record Verdict(boolean anomalous, BigDecimal median, BigDecimal spread, BigDecimal z) {
    }

    private final BigDecimal zThreshold;
    private final BigDecimal minRelativeSpread;
    private final BigDecimal minExcess;

    public RobustBaseline(BigDecimal zThreshold, BigDecimal minRelativeSpread, BigDecimal minExcess) {
        this.zThreshold = zThreshold;
        this.minRelativeSpread = minRelativeSpread;
        this.minExcess = minExcess;
    }

    public Verdict judge(List<BigDecimal> history, BigDecimal observed) {
        BigDecimal median = median(history);
        List<BigDecimal> deviations = new ArrayList<>();
        history.forEach(h -> deviations.add(h.subtract(median).abs()));
        BigDecimal spread = MAD_TO_SIGMA.multiply(median(deviations), MC).max(minRelativeSpread.multiply(median, MC));
        BigDecimal excess = observed.subtract(median);
        if (spread.signum() == 0) {
            // no history at all: only the absolute floor can decide
            boolean anomalous = excess.compareTo(minExcess) >= 0;
            return new Verdict(anomalous, median, spread, null);
        }
        BigDecimal z = excess.divide(spread, MC).setScale(2, RoundingMode.HALF_UP);
        return new Verdict(z.compareTo(zThreshold) >= 0 && excess.compareTo(minExcess) >= 0, median, spread, z);
    }

    static BigDecimal median(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return BigDecimal.ZERO;
        }
        List<BigDecimal> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), MC);
    }
}
