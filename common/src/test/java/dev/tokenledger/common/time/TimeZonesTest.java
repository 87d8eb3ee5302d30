package dev.tokenledger.common.time;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeZonesTest {

    @ParameterizedTest(name = "{0} is kept as {1} and given to PostgreSQL as {2}")
    @CsvSource({
            "Europe/Berlin, Europe/Berlin, Europe/Berlin",
            "UTC, UTC, UTC",
            "Etc/GMT-5, Etc/GMT-5, Etc/GMT-5",
            // an ISO offset east of Greenwich is a POSIX offset with a minus
            "+05:30, +05:30, UTC-05:30",
            "UTC+05:30, +05:30, UTC-05:30",
            "GMT+05:30, +05:30, UTC-05:30",
            "-03:00, -03:00, UTC+03:00",
            "UTC-03, -03:00, UTC+03:00",
            "+00:00, Z, UTC",
            "+05:45:30, +05:45:30, UTC-05:45:30",
    })
    void zonesAreKeptAsIsoAndGivenToPostgresInItsOwnForm(String text, String id, String postgres) {
        ZoneId zone = TimeZones.parse(text);
        assertEquals(id, zone.getId());
        assertEquals(postgres, TimeZones.forPostgres(zone));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"Mars/Olympus", "+25:00", "UTC+", "", "Europe/Ber\nlin", "GMT+05:30 Europe/Berlin"})
    void unknownZonesAndImpossibleOffsetsAreRefused(String text) {
        assertThrows(DateTimeException.class, () -> TimeZones.parse(text));
    }
}
