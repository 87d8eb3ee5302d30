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

    /** The service account of a demo tenant ({@code acme} or {@code globex}): role usage-writer. */
    public String serviceAccount(String tenant) {
        return fetch(Map.of("grant_type", "client_credentials", "client_id", tenant + "-ingest",
                "client_secret", tenant + "-demo-secret"));
    }

    /** A demo user: alice (acme admin), bob (acme viewer), carol (globex admin), dave (globex viewer). */
    public String user(String username) {
        return fetch(Map.of("grant_type", "password", "client_id", "tokenledger-cli",
                "username", username, "password", DEMO_PASSWORD));
    }

    private String fetch(Map<String, String> form) {
        String key = tokenEndpoint + form;
        return CACHE.computeIfAbsent(key, k -> request(form));
    }

    private String request(Map<String, String> form) {
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
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not reachable at " + tokenEndpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
