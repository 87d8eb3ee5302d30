package dev.tokenledger.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Values as a line of block characters, the lowest ▁ and the highest █ (zero is a blank). */
public final class Sparkline {

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    public static String of(List<BigDecimal> values) {
        BigDecimal max = values.stream().reduce(BigDecimal.ZERO, BigDecimal::max);
        StringBuilder sb = new StringBuilder(values.size());
        for (BigDecimal v : values) {
            if (v.signum() <= 0 || max.signum() == 0) {
                sb.append(' ');
            } else {
                // 1..8 eighths of the largest value, rounded up so that any cost shows
                int level = v.multiply(BigDecimal.valueOf(BARS.length)).divide(max, 0, RoundingMode.CEILING).intValue();
                sb.append(BARS[Math.max(1, Math.min(BARS.length, level)) - 1]);
            }
        }
        return sb.toString();
    }
}
