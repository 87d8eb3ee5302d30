package dev.tokenledger.common.access;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeyFormatTest {

    @Test
    void aMintedKeyParsesAndMatchesOnlyItsOwnHash() {
        ApiKeyFormat.Minted minted = ApiKeyFormat.mint();
        ApiKeyFormat.Presented presented = ApiKeyFormat.parse(minted.fullKey()).orElseThrow();
        assertEquals(minted.id(), presented.id());
        assertTrue(ApiKeyFormat.matches(minted.salt(), minted.secretHash(), presented.secret()));
        String tampered = presented.secret().charAt(0) == 'A' ? "B" + presented.secret().substring(1) : "A" + presented.secret().substring(1);
        assertFalse(ApiKeyFormat.matches(minted.salt(), minted.secretHash(), tampered));
        assertFalse(minted.fullKey().contains(new String(minted.secretHash(), java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals("tlk_" + minted.id() + "_…", ApiKeyFormat.redact(minted.id()));
    }

    @Test
    void theSameSecretUnderAnotherSaltHashesDifferently() {
        byte[] a = ApiKeyFormat.hash(new byte[16], "secret");
        byte[] saltB = new byte[16];
        saltB[0] = 1;
        assertNotEquals(new String(a, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(ApiKeyFormat.hash(saltB, "secret"), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void keysAreUniqueAndMalformedTextIsNoKey() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(ids.add(ApiKeyFormat.mint().id()));
        }
        for (String bad : new String[]{null, "", "tlk_", "tlk_short_x", "sk-abc", "tlk_ABCDEFGHIJKLMNOP_" + "a".repeat(43),
                "tlk_abcdefghijklmnop_" + "a".repeat(42), "tlk_abcdefghijklmnop_" + "a".repeat(43) + "x"}) {
            assertTrue(ApiKeyFormat.parse(bad).isEmpty(), String.valueOf(bad));
        }
    }
}
