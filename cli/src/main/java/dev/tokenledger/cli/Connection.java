package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where the services are and who is calling, from a profile of the configuration file
 * ({@code $TOKENLEDGER_CONFIG}, else {@code ~/.config/tokenledger/config.json}), overridden by
 * environment variables: {@code TOKENLEDGER_URL} (one gateway URL for every service) or
 * {@code TOKENLEDGER_<SERVICE>_URL}; credentials from {@code --token} / {@code TOKENLEDGER_TOKEN}
 * (a bearer token) or {@code TOKENLEDGER_CLIENT_ID} and {@code TOKENLEDGER_CLIENT_SECRET} (a
 * service account, exchanged at Keycloak).
 */
public final class Connection {

    /** Made on first use: a command that only prints its help starts faster without it. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    static ObjectMapper json() {
        return Mapper.JSON;
    }
    private static final Map<String, String> LOCAL = Map.of("ingest", "http://127.0.0.1:8081", "pricing", "http://127.0.0.1:8082",
            "budget", "http://127.0.0.1:8083", "report", "http://127.0.0.1:8084");

    @Option(names = "--profile", description = "Profile of the configuration file (default: ${DEFAULT-VALUE}).", defaultValue = "default")
    String profile;

    @Option(names = "--token", description = "Bearer token to call with (default: $TOKENLEDGER_TOKEN).")
    String token;

    /** Made on the first call: every command holds a Connection, and a client starts a thread of its own. */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }
    private JsonNode settings;
    private String bearer;

    private JsonNode settings() {
        if (settings == null) {
            String file = env("TOKENLEDGER_CONFIG");
            Path path = file != null ? Path.of(file) : configHome().resolve("tokenledger").resolve("config.json");
            try {
                settings = Files.exists(path) ? json().readTree(path.toFile()).path("profiles").path(profile) : json().createObjectNode();
            } catch (IOException e) {
                throw new ApiException("cannot read " + path + ": " + e.getMessage());
            }
            if (Files.exists(path) && settings.isMissingNode() && !profile.equals("default")) {
                throw new ApiException("no profile '" + profile + "' in " + path);
            }
        }
        return settings;
    }

    static Path configHome() {
        String xdg = env("XDG_CONFIG_HOME");
        return xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    }

    /** The base URL of a service: its own variable or setting, else the gateway's, else the local stack's. */
    String url(String service) {
        String own = env("TOKENLEDGER_" + service.toUpperCase(java.util.Locale.ROOT) + "_URL");
        if (own == null && settings().hasNonNull(service)) {
            own = settings().get(service).asText();
        }
        String gateway = env("TOKENLEDGER_URL") != null ? env("TOKENLEDGER_URL") : settings().path("url").asText(null);
        String url = own != null ? own : gateway != null ? gateway : LOCAL.get(service);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private String bearer() {
        if (bearer != null) {
            return bearer;
        }
        if (token != null) {
            return bearer = token;
        }
        if (env("TOKENLEDGER_TOKEN") != null) {
            return bearer = env("TOKENLEDGER_TOKEN");
        }
        String clientId = env("TOKENLEDGER_CLIENT_ID");
        String secret = env("TOKENLEDGER_CLIENT_SECRET");
        if (clientId != null && secret != null) {
            JsonNode answer = keycloakForm("/token", "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret));
            return bearer = answer.path("access_token").asText();
        }
        Credentials saved = Credentials.inConfigHome();
        JsonNode login = saved.get(profile);
        if (login != null) {
            if (Instant.parse(login.path("expires_at").asText()).isAfter(Instant.now().plusSeconds(30))) {
                return bearer = login.path("access_token").asText();
            }
            if (login.hasNonNull("refresh_token") && Instant.parse(login.path("refresh_expires_at").asText()).isAfter(Instant.now())) {
                JsonNode refreshed = keycloakPoll("grant_type=refresh_token&client_id=" + enc(clientId()) + "&refresh_token="
                        + enc(login.get("refresh_token").asText()));
                if (!refreshed.has("error")) {
                    saved.put(profile, refreshed);
                    return bearer = refreshed.path("access_token").asText();
                }
            }
            throw new ApiException("the sign-in of profile " + profile + " has expired: run tokenledger login");
        }
        throw new ApiException("not signed in: run tokenledger login, or set TOKENLEDGER_TOKEN (or --token), or TOKENLEDGER_CLIENT_ID and"
                + " TOKENLEDGER_CLIENT_SECRET");
    }

    String clientId() {
        return settings().path("client_id").asText("tokenledger-cli");
    }

    private String keycloakEndpoint(String path) {
        String keycloak = env("TOKENLEDGER_KEYCLOAK_URL") != null ? env("TOKENLEDGER_KEYCLOAK_URL")
                : settings().path("keycloak").asText("http://127.0.0.1:18180");
        return keycloak + "/realms/" + settings().path("realm").asText("tokenledger") + "/protocol/openid-connect" + path;
    }

    /** POSTs a form to the realm's OpenID Connect endpoint {@code path}; an error answer is an {@link ApiException}. */
    JsonNode keycloakForm(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(keycloakEndpoint(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** POSTs a form to the token endpoint and returns its answer, an OAuth error ({@code authorization_pending}…) included. */
    JsonNode keycloakPoll(String form) {
        try {
            return keycloakForm("/token", form);
        } catch (OAuthError e) {
            return e.answer;
        }
    }

    /** A 400 from the token endpoint: the OAuth error document. */
    static final class OAuthError extends ApiException {
        final JsonNode answer;

        OAuthError(JsonNode answer) {
            super(answer.path("error").asText() + ": " + answer.path("error_description").asText(""));
            this.answer = answer;
        }
    }

    JsonNode get(String service, String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(url(service) + pathAndQuery)).header("Authorization", "Bearer " + bearer())
                .header("Accept", "application/json").GET());
    }

    JsonNode post(String service, String path, Object body) {
        return send(service, "POST", path, body);
    }

    /** Sends {@code body} as JSON with {@code method} (POST, PUT). */
    JsonNode send(String service, String method, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url(service) + path)).header("Authorization", "Bearer " + bearer())
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json().writeValueAsString(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET whose body is read as it arrives (exports); a refusal is read whole and thrown as for any call. */
    java.io.InputStream stream(String service, String pathAndQuery) {
        return stream(service, pathAndQuery, null);
    }

    /** The same, for a server-sent event stream resumed after {@code lastEventId} (null: from now). */
    java.io.InputStream stream(String service, String pathAndQuery, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(service) + pathAndQuery)).header("Authorization", "Bearer " + bearer()).GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpRequest r = b.build();
        try {
            HttpResponse<java.io.InputStream> answer = Http.CLIENT.send(r, HttpResponse.BodyHandlers.ofInputStream());
            if (answer.statusCode() >= 400) {
                try (java.io.InputStream in = answer.body()) {
                    throw new ApiException(problem(answer.statusCode(), json().readTree(in)));
                }
            }
            return answer.body();
        } catch (IOException e) {
            throw new ApiException("cannot reach " + r.uri().getScheme() + "://" + r.uri().getAuthority() + " ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> answer;
        try {
            answer = Http.CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException("cannot reach " + r.uri().getScheme() + "://" + r.uri().getAuthority() + " ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
        JsonNode body;
        try {
            body = answer.body().isEmpty() ? json().createObjectNode() : json().readTree(answer.body());
        } catch (IOException e) {
            throw new ApiException(r.uri().getPath() + " answered " + answer.statusCode() + " with a body that is not JSON");
        }
        if (answer.statusCode() == 400 && body.has("error") && !body.has("title")) {
            throw new OAuthError(body);
        }
        if (answer.statusCode() >= 400) {
            throw new ApiException(problem(answer.statusCode(), body));
        }
        return body;
    }

    /** A problem document in words: its title, detail and every field named. */
    static String problem(int status, JsonNode p) {
        StringBuilder sb = new StringBuilder(p.path("title").asText("HTTP " + status));
        if (p.hasNonNull("detail")) {
            sb.append(": ").append(p.get("detail").asText());
        }
        for (JsonNode e : p.path("errors")) {
            sb.append("\n  ").append(e.path("pointer").asText()).append(": ").append(e.path("message").asText());
        }
        if (p.has("error_description")) {
            sb.append(": ").append(p.get("error_description").asText());
        }
        return sb.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }
}
