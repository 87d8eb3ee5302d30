package dev.tokenledger.budget.period;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A budget's period in the budget's own IANA time zone: a calendar day, ISO week (from Monday),
 * month, quarter, the whole lifetime, or a rolling window of N calendar days ending today.
 * Boundaries are local midnights, so a day can be 23 or 25 hours long across a DST change.
 *
 * <p>Spend is counted in buckets: one per period, or one per day for rolling windows (the window
 * sums its last N day buckets).
 */
public record BudgetPeriod(Kind kind, int rollingDays) {

    public enum Kind { DAY, WEEK, MONTH, QUARTER, TOTAL, ROLLING }

    /** Start of the lifetime period: before any usage this product can record. */
    public static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");

    public BudgetPeriod {
        if (kind == Kind.ROLLING && (rollingDays < 1 || rollingDays > 366)) {
            throw new IllegalArgumentException("a rolling period is 1 to 366 days");
        }
        if (kind != Kind.ROLLING) {
            rollingDays = 0;
        }
    }

    /** {@code day}, {@code week}, {@code month}, {@code quarter}, {@code total}, or {@code rolling_7d}. */
    public static BudgetPeriod parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("rolling_") && t.endsWith("d")) {
            try {
                return new BudgetPeriod(Kind.ROLLING, Integer.parseInt(t.substring(8, t.length() - 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a rolling period is written rolling_<days>d, e.g. rolling_7d");
            }
        }
        try {
            Kind kind = Kind.valueOf(t.toUpperCase(Locale.ROOT));
            if (kind == Kind.ROLLING) {
                throw new IllegalArgumentException("a rolling period is written rolling_<days>d, e.g. rolling_7d");
            }
            return new BudgetPeriod(kind, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("period must be day, week, month, quarter, total or rolling_<days>d");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.ROLLING ? "rolling_" + rollingDays + "d" : kind.name().toLowerCase(Locale.ROOT);
    }

    /** The window that contains {@code at}: {@code [start, end)}; for rolling windows the N days ending with {@code at}'s day. */
    public Window windowAt(Instant at, ZoneId zone) {
        LocalDate day = at.atZone(zone).toLocalDate();
        return switch (kind) {
            case DAY -> window(day, day.plusDays(1), zone);
            case WEEK -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield window(monday, monday.plusWeeks(1), zone);
            }
            case MONTH -> {
                LocalDate first = day.withDayOfMonth(1);
                yield window(first, first.plusMonths(1), zone);
            }
            case QUARTER -> {
                LocalDate first = day.withMonth(((day.getMonthValue() - 1) / 3) * 3 + 1).withDayOfMonth(1);
                yield window(first, first.plusMonths(3), zone);
            }
            case TOTAL -> new Window(BEGINNING, null);
            case ROLLING -> window(day.minusDays(rollingDays - 1L), day.plusDays(1), zone);
        };
    }

    /** The counting bucket an event at {@code at} belongs to (the period's start, or its day for rolling windows). */
    public Instant bucketAt(Instant at, ZoneId zone) {
        if (kind == Kind.ROLLING) {
            return at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        }
        return windowAt(at, zone).start();
    }

    /**
     * When spend that counts now stops counting: the period's end, or for a rolling window the next
     * local midnight (when the oldest day leaves the window). {@code null} for a lifetime budget.
     */
    public Instant resetAfter(Instant at, ZoneId zone) {
        if (kind == Kind.ROLLING) {
            LocalDate day = at.atZone(zone).toLocalDate();
            return day.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return windowAt(at, zone).end();
    }

    private static Window window(LocalDate from, LocalDate to, ZoneId zone) {
        // atStartOfDay picks the first valid local time, also on a day whose midnight a DST change skips
        return new Window(from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant());
    }

    /** {@code [start, end)}; {@code end} is null for a lifetime budget. */
    public record Window(Instant start, Instant end) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && (end == null || t.isBefore(end));
        }
    }
}
