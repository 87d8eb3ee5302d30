package dev.tokenledger.testinfra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;

/**
 * API keys for tests of services that do not mint them (only the ingest-service does): written
 * straight into {@code access.api_key} of the test class's database, in the stored format
 * (SHA-256 of a random salt and the secret), computed here independently of the service code.
 */
public final class TestApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as a client holds it. */
    public record Key(String id, String value) {
    }

    private TestApiKeys() {
    }

    public static Key create(TestInfra infra, String tenant, String project, String... scopes) {
        return create(infra, tenant, project, 600_000, scopes);
    }

    /** A key that may make {@code perMinute} requests a minute. */
    public static Key create(TestInfra infra, String tenant, String project, int perMinute, String... scopes) {
        StringBuilder id = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 16; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        try (Connection c = infra.jdbc(); PreparedStatement insert = c.prepareStatement("INSERT INTO access.api_key (key_id, tenant_id,"
                + " project, scopes, name, salt, secret_hash, rate_limit_per_minute, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'test')")) {
            insert.setString(1, id.toString());
            insert.setString(2, tenant);
            insert.setString(3, project);
            insert.setArray(4, c.createArrayOf("text", scopes));
            insert.setString(5, "test key " + String.join("+", scopes));
            insert.setBytes(6, salt);
            insert.setBytes(7, sha256(salt, secret));
            insert.setInt(8, perMinute);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store a test API key", e);
        }
        return new Key(id.toString(), "tlk_" + id + "_" + secret);
    }

    public static void revoke(TestInfra infra, Key key) {
        try (Connection c = infra.jdbc();
             PreparedStatement update = c.prepareStatement("UPDATE access.api_key SET revoked_at = now() WHERE key_id = ?")) {
            update.setString(1, key.id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] salt, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(secret.getBytes(StandardCharsets.US_ASCII));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
