package dev.tokenledger.ingest.providerkey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Envelope for stored provider keys: AES-256-GCM under a key-encryption key (KEK) from
 * configuration, a fresh 96-bit nonce per seal, and the row's identity (tenant, key id, provider,
 * version) as associated data, so a ciphertext copied onto another row does not open. Each sealed
 * value names its KEK, so a new KEK can take over while older ones still open what they sealed.
 */
public final class KeyEncryption {

    /** A secret as stored: which KEK sealed it, its nonce and the ciphertext with its tag. */
    public record Sealed(String kekId, byte[] nonce, byte[] ciphertext) {
    }

    /** The value does not open: another KEK, another row's data, or altered bytes. */
    public static final class Unopenable extends RuntimeException {
        Unopenable(String message) {
            super(message);
        }
    }

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keks = new LinkedHashMap<>();

    /**
     * @param currentId the id of the KEK that seals from now on
     * @param base64Keks every KEK by id, base64 of 32 bytes each; must hold {@code currentId}
     */
    public KeyEncryption(String currentId, Map<String, String> base64Keks) {
        base64Keks.forEach((id, value) -> keks.put(id, kek(id, value)));
        if (!keks.containsKey(currentId)) {
            throw new IllegalArgumentException("no key-encryption key with id " + currentId);
        }
        this.currentId = currentId;
    }

    private static SecretKeySpec kek(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key-encryption key " + id + " is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("key-encryption key " + id + " must be 32 bytes (AES-256), it is " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public Sealed seal(String secret, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keks.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new Sealed(currentId, nonce, cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String open(Sealed sealed, String associatedData) {
        SecretKeySpec kek = keks.get(sealed.kekId());
        if (kek == null) {
            throw new Unopenable("sealed under key-encryption key " + sealed.kekId() + ", which is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new Unopenable("does not open under key-encryption key " + sealed.kekId() + " with this row's data");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String currentKekId() {
        return currentId;
    }
}
