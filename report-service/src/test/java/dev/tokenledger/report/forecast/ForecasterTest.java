package dev.tokenledger.report.forecast;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecasterTest {

    private static List<BigDecimal> days(int n, int base) {
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(BigDecimal.valueOf(base + i % 7));
        }
        return out;
    }

    @Test
    void burnRateIsTheMeanOfTheLastSevenCompleteDaysAndProjectsToMonthEnd() {
        Forecaster.Projection p = Forecaster.project(days(30, 10), new BigDecimal("100"), new BigDecimal("4.5"));
        assertEquals(0, new BigDecimal("13").compareTo(p.burnRatePerDay()));
        assertEquals(0, new BigDecimal("158.5").compareTo(p.monthEndProjection()));
    }

    @Test
    void nextMonthIsTheTrailingMeanTimesItsDaysWithAnInterval() {
        Forecaster.NextMonth next = Forecaster.nextMonth(days(60, 10), YearMonth.of(2027, 2));
        assertEquals(0, new BigDecimal("364").compareTo(next.expected()), "13 × 28 days");
        assertTrue(next.low().compareTo(next.expected()) < 0 && next.high().compareTo(next.expected()) > 0);
        assertEquals(28, next.trainingDays());
    }

    @Test
    void theBacktestMeasuresTheMethodOnTheHistoryHeld() {
        Forecaster.Backtest steady = Forecaster.backtest(days(90, 10));
        assertEquals(5, steady.windows());
        assertTrue(steady.meanAbsolutePercentageError().compareTo(new BigDecimal("5")) < 0);
        List<BigDecimal> growing = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            growing.add(BigDecimal.valueOf(10 + i));
        }
        Forecaster.Backtest trend = Forecaster.backtest(growing);
        assertTrue(trend.meanAbsolutePercentageError().compareTo(new BigDecimal("20")) > 0, "a mean lags a trend, and the backtest says so");
        Forecaster.Backtest shortHistory = Forecaster.backtest(days(40, 10));
        assertEquals(0, shortHistory.windows());
        assertNull(shortHistory.meanAbsolutePercentageError());
    }

    @Test
    void theMonthEndProjectionHasAnIntervalOfSigmaTimesTheRootOfTheDaysLeft() {
        // days 1, 2, 3: burn rate 2, σ = 1; 10 spent, 4 days left → 10 + 2 × 4 = 18 ± 1.2816 × 1 × √4
        List<BigDecimal> held = List.of(BigDecimal.ONE, BigDecimal.valueOf(2), BigDecimal.valueOf(3));
        Forecaster.Projection p = Forecaster.project(held, BigDecimal.TEN, BigDecimal.valueOf(4));
        Forecaster.Interval monthEnd = Forecaster.monthEnd(held, p);
        assertEquals(new BigDecimal("18.0000"), monthEnd.expected());
        assertEquals(new BigDecimal("15.4368"), monthEnd.low());
        assertEquals(new BigDecimal("20.5632"), monthEnd.high());
        Forecaster.Interval day = Forecaster.day(held, p);
        assertEquals(new BigDecimal("2.0000"), day.expected());
        assertEquals(new BigDecimal("0.7184"), day.low());
        assertEquals(new BigDecimal("3.2816"), day.high());
    }

    @Test
    void theLowEndNeverFallsBelowWhatIsAlreadySpent() {
        // a spike among quiet days: σ far above the burn rate
        List<BigDecimal> held = List.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.valueOf(90), BigDecimal.ZERO);
        Forecaster.Projection p = Forecaster.project(held, BigDecimal.valueOf(50), BigDecimal.ONE);
        assertEquals(new BigDecimal("50.0000"), Forecaster.monthEnd(held, p).low());
        assertEquals(new BigDecimal("0.0000"), Forecaster.day(held, p).low());
    }
}
