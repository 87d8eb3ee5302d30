package dev.tokenledger.notifier.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QuietHoursTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void overnightWindowInTheTenantsZone() {
        QuietHours q = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), BERLIN);
        // 23:30 Berlin (CET, UTC+1) → held until 07:00 Berlin the next morning
        assertEquals(Instant.parse("2026-11-27T06:00:00Z"), q.heldUntil(Instant.parse("2026-11-26T22:30:00Z")));
        // 03:00 Berlin → until 07:00 the same morning
        assertEquals(Instant.parse("2026-11-27T06:00:00Z"), q.heldUntil(Instant.parse("2026-11-27T02:00:00Z")));
        assertNull(q.heldUntil(Instant.parse("2026-11-27T06:00:00Z")), "07:00 is outside (the window is half-open)");
        assertNull(q.heldUntil(Instant.parse("2026-11-26T12:00:00Z")));
    }

    @Test
    void daytimeWindowAndADaylightSavingNight() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0), ZoneId.of("UTC"));
        assertEquals(Instant.parse("2026-11-26T13:00:00Z"), lunch.heldUntil(Instant.parse("2026-11-26T12:59:59Z")));
        assertNull(lunch.heldUntil(Instant.parse("2026-11-26T11:59:59Z")));
        // the night the clocks go forward (29 March 2026): 22:00 CET → 07:00 CEST = 05:00 UTC
        QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), BERLIN);
        assertEquals(Instant.parse("2026-03-29T05:00:00Z"), night.heldUntil(Instant.parse("2026-03-28T21:30:00Z")));
    }
}
