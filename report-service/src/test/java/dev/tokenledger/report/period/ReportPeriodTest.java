package dev.tokenledger.report.period;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReportPeriodTest {

    private static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void todayIsTheLocalCalendarDayOfTheZone() {
        Instant now = Instant.parse("2026-11-26T06:40:00Z");
        ReportPeriod utc = ReportPeriod.resolve("today", null, null, ZoneOffset.UTC, now);
        assertEquals(Instant.parse("2026-11-26T00:00:00Z"), utc.from());
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"), utc.to());
        ReportPeriod akl = ReportPeriod.resolve("today", null, null, AUCKLAND, now); // 19:40 on the 26th, UTC+13
        assertEquals(Instant.parse("2026-11-25T11:00:00Z"), akl.from());
        assertEquals(Instant.parse("2026-11-26T11:00:00Z"), akl.to());
    }

    @Test
    void aDayAcrossADaylightSavingChangeIsTwentyThreeOrTwentyFiveHours() {
        ReportPeriod spring = ReportPeriod.resolve("yesterday", null, null, BERLIN, Instant.parse("2026-03-30T12:00:00Z"));
        assertEquals(Duration.ofHours(23), Duration.between(spring.from(), spring.to()));
        ReportPeriod autumn = ReportPeriod.resolve("yesterday", null, null, BERLIN, Instant.parse("2026-10-26T12:00:00Z"));
        assertEquals(Duration.ofHours(25), Duration.between(autumn.from(), autumn.to()));
    }

    @Test
    void weeksStartOnMondayAndMonthsOnTheFirst() {
        Instant thursday = Instant.parse("2026-11-26T10:00:00Z");
        ReportPeriod week = ReportPeriod.resolve("this_week", null, null, ZoneOffset.UTC, thursday);
        assertEquals(Instant.parse("2026-11-23T00:00:00Z"), week.from());
        ReportPeriod lastWeek = ReportPeriod.resolve("last_week", null, null, ZoneOffset.UTC, thursday);
        assertEquals(Instant.parse("2026-11-16T00:00:00Z"), lastWeek.from());
        assertEquals(week.from(), lastWeek.to());
        ReportPeriod lastMonth = ReportPeriod.resolve("last_month", null, null, ZoneOffset.UTC, Instant.parse("2028-03-10T00:00:00Z"));
        assertEquals(Duration.ofDays(29), Duration.between(lastMonth.from(), lastMonth.to()), "February of a leap year");
        ReportPeriod last7 = ReportPeriod.resolve("last_7_days", null, null, ZoneOffset.UTC, thursday);
        assertEquals(Instant.parse("2026-11-20T00:00:00Z"), last7.from());
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"), last7.to());
    }

    @Test
    void explicitBoundsAreInstantsOrLocalDates() {
        ReportPeriod p = ReportPeriod.resolve(null, "2026-11-01", "2026-11-02", AUCKLAND, Instant.now());
        assertEquals(Instant.parse("2026-10-31T11:00:00Z"), p.from());
        ReportPeriod q = ReportPeriod.resolve(null, "2026-11-01T05:17:00Z", "2026-11-01T07:00:00+01:00", ZoneOffset.UTC, Instant.now());
        assertEquals(Instant.parse("2026-11-01T06:00:00Z"), q.to());
        assertEquals("to", assertThrows(ReportPeriod.InvalidPeriod.class,
                () -> ReportPeriod.resolve(null, "2026-11-02", "2026-11-01", ZoneOffset.UTC, Instant.now())).field);
        assertEquals("period", assertThrows(ReportPeriod.InvalidPeriod.class,
                () -> ReportPeriod.resolve("fortnight", null, null, ZoneOffset.UTC, Instant.now())).field);
    }

    @Test
    void thePreviousPeriodOfAMonthIsTheMonthBefore() {
        ReportPeriod march = ReportPeriod.resolve("this_month", null, null, ZoneOffset.UTC, Instant.parse("2026-03-15T00:00:00Z"));
        ReportPeriod before = march.previous();
        assertEquals(Instant.parse("2026-02-01T00:00:00Z"), before.from());
        assertEquals(march.from(), before.to());
    }
}
