package dev.tokenledger.ingest.providerkey;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyEncryptionTest {

    private static final String KEK_1 = kek(1);
    private static final String KEK_2 = kek(2);
    private static final String SECRET = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ROW = ProviderKeyStore.boundTo("acme", "pk_1", "openai", 1);

    private static String kek(int fill) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) fill);
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void aSealedKeyOpensToItselfAndIsNotKeptInTheClear() {
        KeyEncryption e = new KeyEncryption("kek-1", Map.of("kek-1", KEK_1));
        KeyEncryption.Sealed sealed = e.seal(SECRET, ROW);
        assertEquals("kek-1", sealed.kekId());
        assertEquals(12, sealed.nonce().length);
        // the ciphertext is as long as the key plus the 16-byte tag, and holds no run of it
        assertEquals(SECRET.length() + 16, sealed.ciphertext().length);
        assertFalse(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1).contains(SECRET.substring(0, 8)));
        assertEquals(SECRET, e.open(sealed, ROW));
    }

    @Test
    void sealingTheSameKeyTwiceGivesDifferentNoncesAndCiphertexts() {
        KeyEncryption e = new KeyEncryption("kek-1", Map.of("kek-1", KEK_1));
        KeyEncryption.Sealed a = e.seal(SECRET, ROW);
        KeyEncryption.Sealed b = e.seal(SECRET, ROW);
        assertFalse(java.util.Arrays.equals(a.nonce(), b.nonce()));
        assertFalse(java.util.Arrays.equals(a.ciphertext(), b.ciphertext()));
    }

    @Test
    void aSealedKeyCopiedOntoAnotherTenantsOrAnotherVersionsRowDoesNotOpen() {
        KeyEncryption e = new KeyEncryption("kek-1", Map.of("kek-1", KEK_1));
        KeyEncryption.Sealed sealed = e.seal(SECRET, ROW);
        for (String other : new String[]{ProviderKeyStore.boundTo("globex", "pk_1", "openai", 1),
                ProviderKeyStore.boundTo("acme", "pk_2", "openai", 1), ProviderKeyStore.boundTo("acme", "pk_1", "anthropic", 1),
                ProviderKeyStore.boundTo("acme", "pk_1", "openai", 2)}) {
            assertThrows(KeyEncryption.Unopenable.class, () -> e.open(sealed, other), other);
        }
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        KeyEncryption e = new KeyEncryption("kek-1", Map.of("kek-1", KEK_1));
        KeyEncryption.Sealed sealed = e.seal(SECRET, ROW);
        byte[] altered = sealed.ciphertext().clone();
        altered[3] ^= 1;
        assertThrows(KeyEncryption.Unopenable.class, () -> e.open(new KeyEncryption.Sealed("kek-1", sealed.nonce(), altered), ROW));
    }

    @Test
    void afterANewKekTakesOverTheOldOneStillOpensWhatItSealedAndNewKeysAreSealedUnderTheNewOne() {
        KeyEncryption.Sealed old = new KeyEncryption("kek-1", Map.of("kek-1", KEK_1)).seal(SECRET, ROW);
        KeyEncryption rotated = new KeyEncryption("kek-2", Map.of("kek-1", KEK_1, "kek-2", KEK_2));
        assertEquals(SECRET, rotated.open(old, ROW));
        KeyEncryption.Sealed fresh = rotated.seal(SECRET, ROW);
        assertEquals("kek-2", fresh.kekId());
        // without the old KEK configured, what it sealed cannot be opened
        KeyEncryption onlyNew = new KeyEncryption("kek-2", Map.of("kek-2", KEK_2));
        assertTrue(assertThrows(KeyEncryption.Unopenable.class, () -> onlyNew.open(old, ROW)).getMessage().contains("kek-1"));
        // the same KEK id with other bytes does not open it either
        KeyEncryption impostor = new KeyEncryption("kek-1", Map.of("kek-1", KEK_2));
        assertThrows(KeyEncryption.Unopenable.class, () -> impostor.open(old, ROW));
        assertNotEquals(old.kekId(), fresh.kekId());
        assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8), rotated.open(fresh, ROW).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKekThatIsNotThirtyTwoBytesOfBase64OrIsMissingIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new KeyEncryption("kek-1", Map.of("kek-1", "c2hvcnQ=")));
        assertThrows(IllegalArgumentException.class, () -> new KeyEncryption("kek-1", Map.of("kek-1", "not base64 at all!")));
        assertThrows(IllegalArgumentException.class, () -> new KeyEncryption("kek-9", Map.of("kek-1", KEK_1)));
    }
}
