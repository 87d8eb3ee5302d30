package dev.tokenledger.common.time;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The time zones the product accepts: IANA names ({@code Europe/Berlin}, {@code UTC}) and fixed
 * offsets ({@code +05:30}, {@code UTC-03:00}, {@code GMT+01}), the latter kept as an ISO offset.
 * PostgreSQL reads a zone written as an offset by POSIX rules, where the sign is the opposite of
 * ISO 8601's ({@code 'UTC+05:30'} is five and a half hours west); {@link #forPostgres} writes an
 * offset the way PostgreSQL reads it right.
 */
public final class TimeZones {

    public static final String RULE = "must be an IANA time zone such as Europe/Berlin, or an offset such as +05:30";
    private static final Pattern OFFSET = Pattern.compile("(?i)(UTC|GMT|UT)?[+-].*");

    private TimeZones() {
    }

    /** The zone a request names; an offset in any of its spellings becomes a {@link ZoneOffset}. */
    public static ZoneId parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            throw new DateTimeException(RULE);
        }
        String t = text.trim();
        if (OFFSET.matcher(t).matches()) {
            return ZoneOffset.of(t.replaceFirst("(?i)^(UTC|GMT|UT)", ""));
        }
        return ZoneId.of(t);
    }

    /** The zone as PostgreSQL must be given it ({@code AT TIME ZONE}, {@code date_trunc}): an IANA name as it is, an offset in POSIX form. */
    public static String forPostgres(ZoneId zone) {
        ZoneOffset offset = zone instanceof ZoneOffset o ? o
                : OFFSET.matcher(zone.getId()).matches() && zone.normalized() instanceof ZoneOffset n ? n : null;
        if (offset == null) {
            return zone.getId();
        }
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            return "UTC";
        }
        int abs = Math.abs(seconds);
        String posix = String.format("UTC%s%02d:%02d", seconds > 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
        return abs % 60 == 0 ? posix : posix + String.format(":%02d", abs % 60);
    }
}
