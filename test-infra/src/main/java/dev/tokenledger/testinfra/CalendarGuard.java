package dev.tokenledger.testinfra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * For tests that send usage "now" and then read a period the services work out from their own clock
 * (this month, today, this hour): a calendar boundary passing between the two splits what the test
 * sent across two periods. {@link #clearOf} lets such a test start only where the next boundary is
 * further away than the test can take, waiting for the boundary to pass when it is closer — the
 * suite then passes at any moment, the last minutes of a month included.
 */
public final class CalendarGuard {

    private CalendarGuard() {
    }

    /**
     * Returns once the next start of a {@code unit} (hour, day, week or month) in every one of
     * {@code zones} is more than {@code room} away; waits for a boundary within {@code room} to pass.
     */
    public static void clearOf(ChronoUnit unit, Duration room, ZoneId... zones) {
        clearOf(Clock.systemUTC(), unit, room, zones);
    }

    static void clearOf(Clock clock, ChronoUnit unit, Duration room, ZoneId... zones) {
        Instant now = clock.instant();
        Instant passAt = null;
        for (ZoneId zone : zones) {
            Instant next = nextBoundary(now, unit, zone);
            if (Duration.between(now, next).compareTo(room) <= 0 && (passAt == null || next.isAfter(passAt))) {
                passAt = next;
            }
        }
        if (passAt == null) {
            return;
        }
        Instant until = passAt.plusSeconds(1);
        String name = unit.toString().toLowerCase(java.util.Locale.ROOT);
        System.out.printf("[tokenledger] %s: the next %s starts at %s, closer than the test may take (%s); waiting for it to pass%n",
                now, name.substring(0, name.length() - 1), passAt, room);
        Instant deadline = until.plusSeconds(30);
        while (clock.instant().isBefore(until)) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("the clock did not pass " + until);
            }
            try {
                Thread.sleep(Math.max(10, Math.min(1_000, Duration.between(clock.instant(), until).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The next start of an hour, day, (Monday) week or month in the zone, strictly after {@code now}. */
    static Instant nextBoundary(Instant now, ChronoUnit unit, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime next = switch (unit) {
            case HOURS -> local.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            case DAYS -> local.toLocalDate().plusDays(1).atStartOfDay(zone);
            case WEEKS -> local.toLocalDate().with(TemporalAdjusters.next(java.time.DayOfWeek.MONDAY)).atStartOfDay(zone);
            case MONTHS -> local.toLocalDate().with(TemporalAdjusters.firstDayOfNextMonth()).atStartOfDay(zone);
            default -> throw new IllegalArgumentException("hours, days, weeks or months, not " + unit);
        };
        return next.toInstant();
    }
}
