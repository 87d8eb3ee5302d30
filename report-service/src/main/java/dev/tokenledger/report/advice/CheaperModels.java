package dev.tokenledger.report.advice;

import dev.tokenledger.report.query.Totals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.tokenledger.common.money.Decimals.plain;

/**
 * Which models to quote as cheaper alternatives, and the cache scenario. Candidates are models of
 * the same provider that cost no more per input and per output token and less in at least one
 * (so they are never a worse deal on any token), cheapest first — the advice prices the same tokens
 * on them; it does not judge quality, and says so.
 */
public final class CheaperModels {

    public static final int MAX_CANDIDATES = 3;
    public static final BigDecimal TARGET_HIT_RATIO = new BigDecimal("0.50");

    private CheaperModels() {
    }

    public static List<PricingClient.ModelPrice> candidates(String model, List<PricingClient.ModelPrice> sameProvider) {
        PricingClient.ModelPrice current = sameProvider.stream().filter(m -> m.model().equals(model)).findFirst().orElse(null);
        if (current == null || price(current, "input") == null || price(current, "output") == null) {
            return List.of();
        }
        BigDecimal in = price(current, "input");
        BigDecimal out = price(current, "output");
        return sameProvider.stream()
                .filter(m -> !m.model().equals(model))
                .filter(m -> price(m, "input") != null && price(m, "output") != null && price(m, "output").signum() > 0)
                .filter(m -> price(m, "input").compareTo(in) <= 0 && price(m, "output").compareTo(out) <= 0)
                .filter(m -> price(m, "input").compareTo(in) < 0 || price(m, "output").compareTo(out) < 0)
                .sorted(Comparator.comparing((PricingClient.ModelPrice m) -> price(m, "input").add(price(m, "output")))
                        .thenComparing(m -> m.model().length()).thenComparing(PricingClient.ModelPrice::model))
                .filter(distinctPrices())
                .limit(MAX_CANDIDATES)
                .toList();
    }

    /** A dated snapshot priced like its alias (gpt-5-nano-2025-08-07 and gpt-5-nano) is one candidate: the shorter name. */
    private static java.util.function.Predicate<PricingClient.ModelPrice> distinctPrices() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return m -> seen.add(plain(price(m, "input")) + "/" + plain(price(m, "output")));
    }

    /** Share of input tokens served from the cache. */
    public static BigDecimal hitRatio(Totals.Tokens t) {
        long allInput = t.input() + t.cacheRead() + t.cacheWrite() + t.cacheWrite1h();
        return allInput == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(t.cacheRead()).divide(BigDecimal.valueOf(allInput), 4, RoundingMode.HALF_UP);
    }

    /** The same tokens with uncached input moved to cache reads until {@code target} of all input is read from the cache. */
    public static Totals.Tokens atHitRatio(Totals.Tokens t, BigDecimal target) {
        long allInput = t.input() + t.cacheRead() + t.cacheWrite() + t.cacheWrite1h();
        long wanted = target.multiply(BigDecimal.valueOf(allInput), MathContext.DECIMAL64).setScale(0, RoundingMode.DOWN).longValue();
        long moved = Math.max(0, Math.min(t.input(), wanted - t.cacheRead()));
        return new Totals.Tokens(t.input() - moved, t.cacheRead() + moved, t.cacheWrite(), t.cacheWrite1h(), t.output(), t.reasoning());
    }

    private static BigDecimal price(PricingClient.ModelPrice m, String bucket) {
        Map<String, BigDecimal> p = m.perMillion();
        return p.get(bucket);
    }
}
