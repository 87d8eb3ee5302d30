package dev.tokenledger.common.json;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextWithoutNulTest {

    record Named(String name, Map<String, String> scope) {
    }

    @Test
    void textWithANulCharacterIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.read("{\"name\":\"a\\u0000b\"}", Named.class));
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.read("{\"scope\":{\"project\":\"\\u0000\"}}", Named.class));
        assertThrows(IllegalArgumentException.class, () -> Json.read("{\"scope\":{\"\\u0000\":\"x\"}}", Named.class));
    }

    @Test
    void everyOtherCharacterStillReads() {
        Named n = Json.read("{\"name\":\"Zürich 🧨 \\u0001 '; DROP\",\"scope\":{\"k\":\"v\"}}", Named.class);
        assertEquals("Zürich 🧨 \u0001 '; DROP", n.name());
        assertEquals(Map.of("k", "v"), n.scope());
    }
}
