package dev.tokenledger.testinfra;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalendarGuardTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aMonthInBerlinEndsAnHourOrTwoBeforeUtcMidnight() {
        assertEquals(Instant.parse("2026-11-30T23:00:00Z"), CalendarGuard.nextBoundary(Instant.parse("2026-11-30T22:58:00Z"), ChronoUnit.MONTHS, BERLIN));
        assertEquals(Instant.parse("2027-05-31T22:00:00Z"), CalendarGuard.nextBoundary(Instant.parse("2027-05-10T00:00:00Z"), ChronoUnit.MONTHS, BERLIN));
    }

    @Test
    void theNextDayAfterTheSpringChangeStartsAt22Utc() {
        assertEquals(Instant.parse("2027-03-28T22:00:00Z"), CalendarGuard.nextBoundary(Instant.parse("2027-03-28T01:30:00Z"), ChronoUnit.DAYS, BERLIN));
        assertEquals(Instant.parse("2028-03-01T00:00:00Z"), CalendarGuard.nextBoundary(Instant.parse("2028-02-29T12:00:00Z"), ChronoUnit.DAYS, ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-12-07T00:00:00Z"), CalendarGuard.nextBoundary(Instant.parse("2026-12-04T15:00:00Z"), ChronoUnit.WEEKS, ZoneOffset.UTC));
    }

    @Test
    void farFromTheBoundaryItReturnsAtOnce() {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-15T12:00:00Z"), ZoneOffset.UTC);
        CalendarGuard.clearOf(fixed, ChronoUnit.MONTHS, Duration.ofMinutes(2), BERLIN, ZoneOffset.UTC);
    }

    @Test
    void nearTheBoundaryItWaitsForTheClockToPassIt() {
        // a clock 100 times as fast as the real one, a minute before Berlin's month end: the boundary passes in 0.6 s
        Clock fast = new Clock() {
            final long start = System.nanoTime();

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.parse("2026-11-30T22:59:00Z").plusMillis((System.nanoTime() - start) / 10_000);
            }
        };
        CalendarGuard.clearOf(fast, ChronoUnit.MONTHS, Duration.ofMinutes(2), BERLIN, ZoneOffset.UTC);
        assertTrue(fast.instant().isAfter(Instant.parse("2026-11-30T23:00:00Z")), "returned only once Berlin's December began");
        assertTrue(fast.instant().isBefore(Instant.parse("2026-12-01T00:00:00Z")), "UTC's month end was further than two minutes away");
    }
}
