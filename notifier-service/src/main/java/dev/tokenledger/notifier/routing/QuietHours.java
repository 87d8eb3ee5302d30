package dev.tokenledger.notifier.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A daily window in a time zone (may pass midnight, e.g. 22:00–07:00) during which deliveries wait. */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    /** @return when the window that contains {@code now} ends, or null when {@code now} is outside it */
    public Instant heldUntil(Instant now) {
        if (start.equals(end)) {
            return null;
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime t = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end) ? day.atTime(end).atZone(zone).toInstant() : null;
        }
        if (!t.isBefore(start)) {
            return day.plusDays(1).atTime(end).atZone(zone).toInstant();
        }
        return t.isBefore(end) ? day.atTime(end).atZone(zone).toInstant() : null;
    }
}
