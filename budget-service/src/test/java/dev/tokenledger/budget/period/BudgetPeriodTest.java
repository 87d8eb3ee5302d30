package dev.tokenledger.budget.period;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Period boundaries are local midnights in the budget's time zone. */
class BudgetPeriodTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    static Instant at(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void aDayIsTheLocalCalendarDayOfTheBudgetsTimeZone() {
        // 23:30 UTC on 1 March is already 2 March in Tokyo and still 1 March in New York
        Instant t = at("2026-03-01T23:30:00Z");
        assertEquals(new BudgetPeriod.Window(at("2026-03-01T15:00:00Z"), at("2026-03-02T15:00:00Z")),
                BudgetPeriod.parse("day").windowAt(t, TOKYO));
        assertEquals(new BudgetPeriod.Window(at("2026-03-01T05:00:00Z"), at("2026-03-02T05:00:00Z")),
                BudgetPeriod.parse("day").windowAt(t, NEW_YORK));
        assertEquals(new BudgetPeriod.Window(at("2026-03-01T18:30:00Z"), at("2026-03-02T18:30:00Z")),
                BudgetPeriod.parse("day").windowAt(t, KOLKATA), "half-hour offsets");
    }

    @Test
    void theDaysOfADstChangeAre23And25HoursLong() {
        // Berlin: clocks go forward on 29 March 2026 and back on 25 October 2026
        BudgetPeriod.Window spring = BudgetPeriod.parse("day").windowAt(at("2026-03-29T12:00:00Z"), BERLIN);
        assertEquals(Duration.ofHours(23), Duration.between(spring.start(), spring.end()));
        BudgetPeriod.Window autumn = BudgetPeriod.parse("day").windowAt(at("2026-10-25T12:00:00Z"), BERLIN);
        assertEquals(Duration.ofHours(25), Duration.between(autumn.start(), autumn.end()));
        assertEquals(at("2026-10-24T22:00:00Z"), autumn.start(), "midnight CEST");
        assertEquals(at("2026-10-25T23:00:00Z"), autumn.end(), "midnight CET");
        // New York: 8 March 2026
        BudgetPeriod.Window ny = BudgetPeriod.parse("day").windowAt(at("2026-03-08T12:00:00Z"), NEW_YORK);
        assertEquals(Duration.ofHours(23), Duration.between(ny.start(), ny.end()));
    }

    @Test
    void aWeekStartsOnMondayAndSpansTheDstChange() {
        BudgetPeriod.Window week = BudgetPeriod.parse("week").windowAt(at("2026-03-29T12:00:00Z"), BERLIN);
        assertEquals(at("2026-03-22T23:00:00Z"), week.start(), "Monday 23 March 00:00 CET");
        assertEquals(at("2026-03-29T22:00:00Z"), week.end(), "Monday 30 March 00:00 CEST");
        assertEquals(Duration.ofHours(7 * 24 - 1), Duration.between(week.start(), week.end()));
    }

    @Test
    void monthEndInFebruaryAndLeapYears() {
        BudgetPeriod month = BudgetPeriod.parse("month");
        assertEquals(new BudgetPeriod.Window(at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z")),
                month.windowAt(at("2026-02-28T23:59:59Z"), ZoneId.of("UTC")));
        assertEquals(at("2028-03-01T00:00:00Z"), month.windowAt(at("2028-02-29T12:00:00Z"), ZoneId.of("UTC")).end(), "29 days in 2028");
        // 28 Feb 20:00 in New York is already 1 March in UTC: still February for a New York budget
        assertEquals(at("2026-02-01T05:00:00Z"), month.windowAt(at("2026-03-01T01:00:00Z"), NEW_YORK).start());
    }

    @Test
    void quartersAndTheLifetime() {
        assertEquals(new BudgetPeriod.Window(at("2026-03-31T22:00:00Z"), at("2026-06-30T22:00:00Z")),
                BudgetPeriod.parse("quarter").windowAt(at("2026-05-15T00:00:00Z"), BERLIN));
        BudgetPeriod.Window total = BudgetPeriod.parse("total").windowAt(at("2026-05-15T00:00:00Z"), BERLIN);
        assertEquals(BudgetPeriod.BEGINNING, total.start());
        assertNull(total.end());
        assertNull(BudgetPeriod.parse("total").resetAfter(at("2026-05-15T00:00:00Z"), BERLIN));
    }

    @Test
    void aRollingWindowIsTheLastNLocalDaysCountedInDayBuckets() {
        BudgetPeriod seven = BudgetPeriod.parse("rolling_7d");
        Instant t = at("2026-03-29T10:00:00Z");
        BudgetPeriod.Window w = seven.windowAt(t, BERLIN);
        assertEquals(at("2026-03-22T23:00:00Z"), w.start(), "23 March, six days before the 29th");
        assertEquals(at("2026-03-29T22:00:00Z"), w.end());
        assertEquals(at("2026-03-28T23:00:00Z"), seven.bucketAt(t, BERLIN), "today's bucket");
        assertEquals(at("2026-03-29T22:00:00Z"), seven.resetAfter(t, BERLIN), "the oldest day leaves at the next midnight");
        assertTrue(w.contains(seven.bucketAt(at("2026-03-23T00:00:00Z"), BERLIN)));
    }

    @Test
    void badPeriodsAreRefusedWithTheFormat() {
        assertThrows(IllegalArgumentException.class, () -> BudgetPeriod.parse("fortnight"));
        assertThrows(IllegalArgumentException.class, () -> BudgetPeriod.parse("rolling_0d"));
        assertEquals("rolling_30d", BudgetPeriod.parse("ROLLING_30D").toString());
    }
}
