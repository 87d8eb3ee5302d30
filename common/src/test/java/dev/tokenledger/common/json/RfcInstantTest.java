package dev.tokenledger.common.json;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RfcInstantTest {

    record At(Instant at) {
    }

    /** The product's mapper before the fast path: Jackson's own Instant deserializer. */
    private static final ObjectMapper GENERAL = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    @Test
    void readsEveryUtcInstantAsJavaDoes() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant expected = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            if (i % 4 == 1) {
                expected = expected.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            } else if (i % 4 == 2) {
                expected = expected.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            }
            String text = expected.toString();
            assertEquals(text, RfcInstant.formatUtc(expected));
            assertEquals("{\"at\":\"" + text + "\"}", Json.write(new At(expected)));
            assertEquals(expected, RfcInstant.parseUtc(text), text);
            assertEquals(expected, Json.mapper().readValue("{\"at\":\"" + text + "\"}", At.class).at(), text);
        }
        // fractions of any length, not only the 3, 6 or 9 digits Java writes
        assertEquals(Instant.parse("2026-02-28T23:59:59.12Z"), RfcInstant.parseUtc("2026-02-28T23:59:59.12Z"));
        assertEquals(Instant.parse("2024-02-29T00:00:00.1234567Z"), RfcInstant.parseUtc("2024-02-29T00:00:00.1234567Z"));
    }

    @Test
    void writesYearsOutsideFourDigitsAsJavaDoes() {
        for (Instant at : List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("0999-12-31T23:59:59.5Z"), Instant.parse("+10000-01-01T00:00:00Z"))) {
            assertEquals(at.toString(), RfcInstant.formatUtc(at));
        }
    }

    @Test
    void leavesOtherFormsToTheGeneralDeserializerWithTheSameAnswer() throws Exception {
        for (String text : List.of("2026-11-26T12:00:00+01:00", "2026-11-26t12:00:00z", "2026-11-26T12:00:00.Z", "1764158400")) {
            assertNull(RfcInstant.parseUtc(text), text);
        }
        for (String json : List.of("\"2026-11-26T12:00:00+01:00\"", "1764158400", "1764158400.5")) {
            assertEquals(GENERAL.readValue("{\"at\":" + json + "}", At.class).at(), Json.mapper().readValue("{\"at\":" + json + "}", At.class).at(), json);
        }
    }

    @Test
    void timesBeforeYearOneOrAfter9999AreRefusedWhateverTheirForm() {
        for (String json : List.of("\"-4713-11-24T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\"", "\"0000-12-31T23:59:59+00:00\"", "-62135596801",
                "253402300800")) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class,
                    () -> Json.mapper().readValue("{\"at\":" + json + "}", At.class), json);
            assertEquals(RfcInstant.RANGE, e.getOriginalMessage(), json);
        }
    }

    @Test
    void answersOddOrInvalidTimesExactlyAsBefore() throws Exception {
        int refused = 0;
        for (String text : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T12:60:00Z",
                "2026-11-26T23:59:60Z", "2026-11-26T12:00:00.1234567890Z", "2026-11-2xT12:00:00Z", "not a time", "")) {
            assertNull(RfcInstant.parseUtc(text), text);
            String json = "{\"at\":\"" + text + "\"}";
            Object before;
            try {
                before = GENERAL.readValue(json, At.class).at();
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                before = e.getClass();
                refused++;
            }
            Object now;
            try {
                now = Json.mapper().readValue(json, At.class).at();
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                now = e.getClass();
            }
            assertEquals(before, now, text);
        }
        assertEquals(true, refused >= 5, "most of these are refused");
    }
}
