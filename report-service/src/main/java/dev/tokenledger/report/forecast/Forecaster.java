package dev.tokenledger.report.forecast;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Burn rate, month-end projection and next-month forecast from daily costs, in plain decimal
 * arithmetic. The forecast method is deliberately simple and stated with every answer: the mean
 * daily cost of the trailing {@value #TRAINING_DAYS} complete days × days in the month, with an
 * 80 % interval of ±1.2816·σ·√days (σ = standard deviation of those daily costs, days treated as
 * independent). The backtest runs the same method over the history held and reports its error.
 */
public final class Forecaster {

    public static final int BURN_DAYS = 7;
    public static final int TRAINING_DAYS = 28;
    public static final int HORIZON_DAYS = 30;
    static final BigDecimal Z80 = new BigDecimal("1.2816");
    static final String METHOD = "mean daily cost of the trailing 28 complete days × days in the month; 80 % interval ±1.2816·σ·√days"
            + " (σ: standard deviation of those daily costs)";
    private static final MathContext MC = MathContext.DECIMAL64;

    private Forecaster() {
    }

    public record Projection(BigDecimal burnRatePerDay, int burnDays, BigDecimal monthToDate, BigDecimal remainingDays,
                             BigDecimal monthEndProjection) {
    }

    public record NextMonth(YearMonth month, String method, int trainingDays, BigDecimal expected, BigDecimal low, BigDecimal high,
                            int confidencePercent) {
    }

    public record Backtest(int windows, int horizonDays, BigDecimal meanAbsolutePercentageError, BigDecimal intervalCoveragePercent,
                           String note) {
    }

    /**
     * @param completeDays cost of each complete local day, oldest first, contiguous, ending yesterday
     * @param monthToDate  cost from the first of this month until now
     * @param remainingDays days left in this month, counting the rest of today as a fraction
     */
    public static Projection project(List<BigDecimal> completeDays, BigDecimal monthToDate, BigDecimal remainingDays) {
        int n = Math.min(BURN_DAYS, completeDays.size());
        BigDecimal burn = n == 0 ? BigDecimal.ZERO : mean(completeDays.subList(completeDays.size() - n, completeDays.size()));
        return new Projection(burn, n, monthToDate, remainingDays, monthToDate.add(burn.multiply(remainingDays, MC)));
    }

    public static NextMonth nextMonth(List<BigDecimal> completeDays, YearMonth month) {
        List<BigDecimal> training = completeDays.subList(Math.max(0, completeDays.size() - TRAINING_DAYS), completeDays.size());
        BigDecimal[] f = forecast(training, month.lengthOfMonth());
        return new NextMonth(month, METHOD, training.size(), f[0], f[1], f[2], 80);
    }

    /** An estimate with its 80 % interval. */
    public record Interval(BigDecimal expected, BigDecimal low, BigDecimal high) {
    }

    /**
     * The month-end projection's 80 % interval: month to date + burn rate × remaining days,
     * ±1.2816·σ·√remaining (σ of the trailing {@value #TRAINING_DAYS} days; the low end never below
     * what is already spent).
     */
    public static Interval monthEnd(List<BigDecimal> completeDays, Projection projection) {
        BigDecimal half = Z80.multiply(sigma(training(completeDays)), MC).multiply(projection.remainingDays().sqrt(MC), MC);
        BigDecimal ahead = projection.burnRatePerDay().multiply(projection.remainingDays(), MC);
        return new Interval(round(projection.monthEndProjection()),
                round(projection.monthToDate().add(ahead.subtract(half).max(BigDecimal.ZERO))),
                round(projection.monthToDate().add(ahead).add(half)));
    }

    /** One day ahead at the burn rate, with its 80 % interval ±1.2816·σ (the band a daily chart draws). */
    public static Interval day(List<BigDecimal> completeDays, Projection projection) {
        BigDecimal half = Z80.multiply(sigma(training(completeDays)), MC);
        BigDecimal burn = projection.burnRatePerDay();
        return new Interval(round(burn), round(burn.subtract(half).max(BigDecimal.ZERO)), round(burn.add(half)));
    }

    private static List<BigDecimal> training(List<BigDecimal> completeDays) {
        return completeDays.subList(Math.max(0, completeDays.size() - TRAINING_DAYS), completeDays.size());
    }

    /** Sample standard deviation (0 for fewer than two values). */
    static BigDecimal sigma(List<BigDecimal> values) {
        if (values.size() < 2) {
            return BigDecimal.ZERO;
        }
        BigDecimal mean = mean(values);
        BigDecimal variance = BigDecimal.ZERO;
        for (BigDecimal d : values) {
            variance = variance.add(d.subtract(mean).pow(2));
        }
        return variance.divide(BigDecimal.valueOf(values.size() - 1L), MC).sqrt(MC);
    }

    /** Every 7 days of history with 28 days before it and 30 after: forecast the 30, compare with what happened. */
    public static Backtest backtest(List<BigDecimal> completeDays) {
        List<BigDecimal> errors = new ArrayList<>();
        int covered = 0;
        int windows = 0;
        for (int anchor = completeDays.size() - HORIZON_DAYS; anchor >= TRAINING_DAYS; anchor -= 7) {
            BigDecimal[] f = forecast(completeDays.subList(anchor - TRAINING_DAYS, anchor), HORIZON_DAYS);
            BigDecimal actual = sum(completeDays.subList(anchor, anchor + HORIZON_DAYS));
            windows++;
            if (actual.compareTo(f[1]) >= 0 && actual.compareTo(f[2]) <= 0) {
                covered++;
            }
            if (actual.signum() != 0) {
                errors.add(f[0].subtract(actual).abs().divide(actual, MC));
            }
        }
        if (windows == 0) {
            return new Backtest(0, HORIZON_DAYS, null, null, "needs at least " + (TRAINING_DAYS + HORIZON_DAYS)
                    + " days of history; " + completeDays.size() + " held");
        }
        BigDecimal mape = errors.isEmpty() ? null : mean(errors).multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP);
        BigDecimal coverage = BigDecimal.valueOf(covered * 100L).divide(BigDecimal.valueOf(windows), 1, RoundingMode.HALF_UP);
        return new Backtest(windows, HORIZON_DAYS, mape, coverage, windows + " windows of " + HORIZON_DAYS + " days, one every 7 days");
    }

    /** expected, low, high for {@code days} days after {@code training}. */
    static BigDecimal[] forecast(List<BigDecimal> training, int days) {
        if (training.isEmpty()) {
            return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        }
        BigDecimal mean = mean(training);
        BigDecimal sd = sigma(training);
        BigDecimal expected = mean.multiply(BigDecimal.valueOf(days), MC);
        BigDecimal half = Z80.multiply(sd, MC).multiply(BigDecimal.valueOf(days).sqrt(MC), MC);
        return new BigDecimal[] {round(expected), round(expected.subtract(half).max(BigDecimal.ZERO)), round(expected.add(half))};
    }

    static BigDecimal mean(List<BigDecimal> values) {
        return sum(values).divide(BigDecimal.valueOf(values.size()), MC);
    }

    static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Forecasts are estimates: shown to the cent's hundredth, not to twelve places. */
    static BigDecimal round(BigDecimal v) {
        return v.setScale(4, RoundingMode.HALF_UP);
    }
}
