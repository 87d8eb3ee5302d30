package dev.tokenledger.pricing.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DecimalsTest {

    private static JsonNode parse(String json) throws IOException {
        return Decimals.readTree(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void exponentFloatsAndDecimalStringsKeepTheirExactValue() throws IOException {
        JsonNode n = parse("""
                {"a": 3e-06, "b": "0.0000225", "c": 0, "d": 1.6150000000000001e-06, "e": null, "f": 0.1}
                """);
        assertEquals("3", Decimals.perMillion(n.get("a")).stripTrailingZeros().toPlainString());
        assertEquals(0, new BigDecimal("3").compareTo(Decimals.perMillion(n.get("a"))));
        assertEquals(0, new BigDecimal("22.5").compareTo(Decimals.perMillion(n.get("b"))));
        assertEquals(0, BigDecimal.ZERO.compareTo(Decimals.perMillion(n.get("c"))));
        // noise in the source text is kept as written, never made worse by a double
        assertEquals(new BigDecimal("1.6150000000000001"), Decimals.perMillion(n.get("d")));
        assertEquals(new BigDecimal("0.1"), Decimals.exact(n.get("f")));
        assertNull(Decimals.exact(n.get("e")));
        assertNull(Decimals.exact(n.get("missing")));
    }

    @Test
    void aTreeThatWentThroughDoublesOrATextThatIsNoNumberIsRefused() throws IOException {
        JsonNode viaDouble = new ObjectMapper().readTree("{\"a\": 3e-06}").get("a");
        assertThrows(IllegalArgumentException.class, () -> Decimals.exact(viaDouble));
        assertThrows(IllegalArgumentException.class, () -> Decimals.exact(parse("{\"a\": \"free\"}").get("a")));
        assertThrows(IllegalArgumentException.class, () -> Decimals.exact(parse("{\"a\": true}").get("a")));
    }

    @Test
    void wholeNumbersMayBeWrittenWithAFraction() throws IOException {
        assertEquals(256_000L, Decimals.wholeNumber(parse("{\"a\": 256000.0}").get("a"), "range"));
        assertThrows(IllegalArgumentException.class, () -> Decimals.wholeNumber(parse("{\"a\": 2.5}").get("a"), "range"));
    }
}
