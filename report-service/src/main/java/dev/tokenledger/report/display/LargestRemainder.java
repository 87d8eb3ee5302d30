package dev.tokenledger.report.display;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Rounds parts for display so that they still add up to their total as displayed (largest-remainder
 * method): each part is rounded down, then the units still missing go to the parts that lost the
 * most. The exact values stay available beside the rounded ones.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    /** Each part rounded to {@code scale} places; the results sum to the total rounded half-up to {@code scale}. */
    public static List<BigDecimal> round(List<BigDecimal> parts, int scale) {
        BigDecimal total = parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return roundTo(parts, scale, total.setScale(scale, RoundingMode.HALF_UP));
    }

    /** Percent shares of the total at {@code scale} places, adding up to exactly 100 (empty total: all zero). */
    public static List<BigDecimal> percentShares(List<BigDecimal> parts, int scale) {
        BigDecimal total = parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.signum() == 0) {
            return parts.stream().map(p -> BigDecimal.ZERO.setScale(scale)).toList();
        }
        List<BigDecimal> exact = parts.stream()
                .map(p -> p.multiply(BigDecimal.valueOf(100)).divide(total, MathContext.DECIMAL128)).toList();
        return roundTo(exact, scale, BigDecimal.valueOf(100).setScale(scale));
    }

    private static List<BigDecimal> roundTo(List<BigDecimal> parts, int scale, BigDecimal target) {
        List<BigDecimal> floors = new ArrayList<>(parts.size());
        List<BigDecimal> remainders = new ArrayList<>(parts.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal p : parts) {
            BigDecimal f = p.setScale(scale, RoundingMode.FLOOR);
            floors.add(f);
            remainders.add(p.subtract(f));
            sum = sum.add(f);
        }
        BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
        int missing = target.subtract(sum).divide(unit, 0, RoundingMode.HALF_UP).intValueExact();
        List<Integer> order = IntStream.range(0, parts.size()).boxed()
                .sorted(Comparator.comparing(remainders::get, Comparator.reverseOrder())).toList();
        for (int i = 0; i < missing && i < order.size(); i++) {
            int at = order.get(i);
            floors.set(at, floors.get(at).add(unit));
        }
        return floors;
    }
}
