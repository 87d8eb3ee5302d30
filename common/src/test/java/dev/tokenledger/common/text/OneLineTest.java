package dev.tokenledger.common.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"ops alerts", "Überweisung – März", "😀 budget"})
    void printableTextIsOneLine(String s) {
        assertTrue(OneLine.isOneLine(s));
        assertEquals(s, OneLine.flattened(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops\r\nBcc: x@example.com", "a\nb", "tab\there", "nul\u0000", "del\u007f", "c1\u0085", "ls\u2028", "ps\u2029"})
    void lineBreaksAndControlCharactersAreNot(String s) {
        assertFalse(OneLine.isOneLine(s));
        assertTrue(OneLine.isOneLine(OneLine.flattened(s)));
    }
}
