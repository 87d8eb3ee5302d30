package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.period.BudgetPeriod;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The period-end projection at the moments of a month that are easy to get wrong; expected values worked by hand. */
class MonthEndProjectionTest {

    static final BudgetPeriod MONTH = BudgetPeriod.parse("month");
    static final ZoneId UTC = ZoneId.of("UTC");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static BigDecimal projected(String spent, String now, ZoneId zone) {
        Instant at = Instant.parse(now);
        BudgetPeriod.Window w = MONTH.windowAt(at, zone);
        return BudgetEvents.projectedAtEnd(new CounterReads.Usage(w, new BigDecimal(spent), BigDecimal.ZERO, 1, 0), at);
    }

    @Test
    void theFirstHourOfAMonthProjectsNothing() {
        assertNull(projected("0.30", "2026-12-01T00:59:59Z", UTC), "under an hour of the period behind it");
        // Berlin's December starts at 23:00 UTC on 30 November: 00:30 UTC is its first 90 minutes
        assertEquals(new BigDecimal("148.800000000000"), projected("0.30", "2026-12-01T00:30:00Z", BERLIN),
                "0.30 × 744 h / 1.5 h");
    }

    @Test
    void earlyInAMonthTheBurnRateProjectsFarPastWhatWasSpent() {
        // 3 days and 14.4 hours (3.6 days) into a 31-day month: 0.30 × 31 / 3.6
        assertEquals(new BigDecimal("2.583333333333"), projected("0.30", "2026-12-04T14:24:00Z", UTC));
    }

    @Test
    void theLastMinuteOfAMonthProjectsAlmostWhatWasSpentAndTheNextMinuteNothing() {
        // 30 days in November: 43,200 minutes, 43,199 of them elapsed
        assertEquals(new BigDecimal("10.000231486840"), projected("10", "2026-11-30T23:59:00Z", UTC));
        // a minute later it is December's first minute: a new window, no projection
        assertNull(projected("10", "2026-12-01T00:00:00Z", UTC));
    }

    @Test
    void aDstChangeMakesMarchAnHourShorterInBerlin() {
        // March 2027 in Berlin: 31 days less the hour skipped on the 28th = 743 h; 1 h elapsed at 00:00 UTC on 1 March
        assertEquals(new BigDecimal("743.000000000000"), projected("1", "2027-03-01T00:00:00Z", BERLIN));
    }

    @Test
    void aLeapFebruaryHas29Days() {
        // noon on 29 February 2028: 28.5 of 29 days elapsed
        assertEquals(new BigDecimal("1.017543859649"), projected("1", "2028-02-29T12:00:00Z", UTC));
    }
}
