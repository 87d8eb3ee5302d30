package dev.tokenledger.report.period;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report period as a half-open UTC range {@code [from, to)} and the time zone its days follow.
 * Named periods are local calendar periods in that zone (a day is 23 or 25 hours across a DST
 * change): today, yesterday, this_week / last_week (ISO weeks, Monday first), this_month /
 * last_month, last_N_days (the N local days ending with today). Explicit bounds are RFC 3339
 * instants or local dates ({@code 2026-11-01} = that date's local midnight).
 */
public record ReportPeriod(Instant from, Instant to, ZoneId zone, String label) {

    private static final Pattern LAST_N_DAYS = Pattern.compile("last_(\\d{1,4})_days");

    public ReportPeriod {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period must end after it starts");
        }
    }

    /** Thrown for a bad period name or bound; {@link #field} names the query parameter. */
    public static final class InvalidPeriod extends RuntimeException {
        public final String field;

        InvalidPeriod(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    public static ReportPeriod resolve(String period, String from, String to, ZoneId zone, Instant now) {
        if (from != null || to != null) {
            if (from == null || to == null) {
                throw new InvalidPeriod(from == null ? "from" : "to", "from and to are given together");
            }
            Instant f = bound("from", from, zone);
            Instant t = bound("to", to, zone);
            if (!f.isBefore(t)) {
                throw new InvalidPeriod("to", "must be after from");
            }
            return new ReportPeriod(f, t, zone, "custom");
        }
        String name = period == null ? "this_month" : period;
        LocalDate today = now.atZone(zone).toLocalDate();
        return switch (name) {
            case "today" -> days(today, today.plusDays(1), zone, name);
            case "yesterday" -> days(today.minusDays(1), today, zone, name);
            case "this_week" -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield days(monday, monday.plusWeeks(1), zone, name);
            }
            case "last_week" -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
                yield days(monday, monday.plusWeeks(1), zone, name);
            }
            case "this_month" -> days(today.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1), zone, name);
            case "last_month" -> days(today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1), zone, name);
            default -> {
                Matcher m = LAST_N_DAYS.matcher(name);
                if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 3660) {
                    throw new InvalidPeriod("period", "must be today, yesterday, this_week, last_week, this_month, last_month"
                            + " or last_N_days (N from 1 to 3660), or give from and to");
                }
                int n = Integer.parseInt(m.group(1));
                yield days(today.minusDays(n - 1L), today.plusDays(1), zone, name);
            }
        };
    }

    /** The same length of time immediately before this period (for comparisons), in whole local days when possible. */
    public ReportPeriod previous() {
        LocalDate f = from.atZone(zone).toLocalDate();
        LocalDate t = to.atZone(zone).toLocalDate();
        boolean wholeDays = f.atStartOfDay(zone).toInstant().equals(from) && t.atStartOfDay(zone).toInstant().equals(to);
        if (wholeDays && f.getDayOfMonth() == 1 && t.getDayOfMonth() == 1) {
            long months = java.time.temporal.ChronoUnit.MONTHS.between(f, t);
            return days(f.minusMonths(months), f, zone, "previous_" + label);
        }
        if (wholeDays) {
            long n = java.time.temporal.ChronoUnit.DAYS.between(f, t);
            return days(f.minusDays(n), f, zone, "previous_" + label);
        }
        return new ReportPeriod(from.minus(java.time.Duration.between(from, to)), from, zone, "previous_" + label);
    }

    private static ReportPeriod days(LocalDate first, LocalDate endExclusive, ZoneId zone, String label) {
        return new ReportPeriod(first.atStartOfDay(zone).toInstant(), endExclusive.atStartOfDay(zone).toInstant(), zone, label);
    }

    private static Instant bound(String field, String text, ZoneId zone) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidPeriod(field, "must be an RFC 3339 time (2026-11-01T00:00:00Z) or a date (2026-11-01)");
        }
    }
}
