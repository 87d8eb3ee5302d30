package dev.tokenledger.common.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API key looks like and how it is kept: {@code tlk_<id>_<secret>}. The id is public (it
 * finds the row); the 256-bit secret is shown once and stored only as SHA-256(salt ‖ secret) with a
 * random 16-byte salt. A slow hash buys nothing for a random 256-bit secret, and it keeps checking a
 * key cheap enough for every budget decision.
 */
public final class ApiKeyFormat {

    public static final String PREFIX = "tlk_";
    private static final Pattern KEY = Pattern.compile("tlk_([a-z0-9]{16})_([A-Za-z0-9_-]{43})");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as presented by a caller, split into its parts. */
    public record Presented(String id, String secret) {
    }

    /** A freshly minted key: the full text (shown once), and what is stored. */
    public record Minted(String id, String fullKey, byte[] salt, byte[] secretHash) {
    }

    private ApiKeyFormat() {
    }

    public static Minted mint() {
        StringBuilder id = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Minted(id.toString(), PREFIX + id + "_" + secret, salt, hash(salt, secret));
    }

    public static Optional<Presented> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(text.trim());
        return m.matches() ? Optional.of(new Presented(m.group(1), m.group(2))) : Optional.empty();
    }

    public static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(secret.getBytes(StandardCharsets.US_ASCII));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented secret with the stored hash. */
    public static boolean matches(byte[] salt, byte[] storedHash, String secret) {
        return MessageDigest.isEqual(storedHash, hash(salt, secret));
    }

    /** Only the public part, for logs and lists: never the secret. */
    public static String redact(String id) {
        return PREFIX + id + "_…";
    }
}
