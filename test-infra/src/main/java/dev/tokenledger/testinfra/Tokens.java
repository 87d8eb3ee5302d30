package dev.tokenledger.testinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Real access tokens from the test Keycloak for the demo realm's principals (see
 * {@code infra/keycloak/tokenledger-realm.json}: demo credentials only).
 */
public final class Tokens {

    public static final String DEMO_PASSWORD = "demo-password";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private final String tokenEndpoint;

    Tokens(String oidcUrl) {
        this.tokenEndpoint = oidcUrl + "/protocol/openid-connect/token";
    }

    /** The service account of a demo tenant ({@code acme} or {@code globex}): roles ingest and gateway. */
    public String serviceAccount(String tenant) {
        return fetch(Map.of("grant_type", "client_credentials", "client_id", tenant + "-ingest",
                "client_secret", tenant + "-demo-secret"));
    }

    /** A demo user: alice (acme admin), bob (acme viewer), carol (globex admin), dave (globex viewer). */
    public String user(String username) {
        return fetch(Map.of("grant_type", "password", "client_id", "tokenledger-cli",
                "username", username, "password", DEMO_PASSWORD));
    }

    /** A demo user's ID token (typ ID, audience the CLI client): proves who signed in, never grants access. */
    public String idToken(String username) {
        String form = tokenEndpoint + "#id_token#" + username;
        return CACHE.computeIfAbsent(form, k -> request(Map.of("grant_type", "password", "client_id", "tokenledger-cli",
                "username", username, "password", DEMO_PASSWORD, "scope", "openid"), "id_token"));
    }

    /** An access token of {@code other-app}, a client of the same realm whose tokens lack the tokenledger-api audience. */
    public String otherApplication() {
        return fetch(Map.of("grant_type", "client_credentials", "client_id", "other-app", "client_secret", "other-app-demo-secret"));
    }

    /** The platform operator {@code olga}: role platform-admin, tenant {@code platform}. */
    public String platformAdmin() {
        return user("olga");
    }

    /**
     * A genuine token of acme (tenant admin, viewer, ingest, gateway) that has expired: the realm's
     * {@code acme-short-lived} client issues tokens that live one second; this waits, with a deadline,
     * until its {@code exp} has passed.
     */
    public String expired() {
        String token = request(Map.of("grant_type", "client_credentials", "client_id", "acme-short-lived",
                "client_secret", "acme-short-lived-secret"));
        long exp;
        try {
            exp = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("exp").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() / 1000 <= exp + 1) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the short-lived token did not expire in time (exp " + exp + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return token;
    }

    /** The same claims as {@code token}, same key id, signed by a different RSA key: a forgery. */
    public static String forged(String token) {
        String[] parts = token.split("\\.");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair other = generator.generateKeyPair();
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(other.getPrivate());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims as {@code token} with {@code "alg": "none"} and no signature. */
    public static String unsigned(String token) {
        String[] parts = token.split("\\.");
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + ".";
    }

    private String fetch(Map<String, String> form) {
        String key = tokenEndpoint + form;
        return CACHE.computeIfAbsent(key, k -> request(form));
    }

    private String request(Map<String, String> form) {
        return request(form, "access_token");
    }

    private String request(Map<String, String> form, String field) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token: " + response.statusCode() + " " + response.body());
            }
            JsonNode json = JSON.readTree(response.body());
            return json.get(field).asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not reachable at " + tokenEndpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
