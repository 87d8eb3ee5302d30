package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A provider the proxy speaks for: the paths under {@code /proxy/<name>} that carry tokens (and the
 * operation each is), the header its SDK sends the provider key in, and its own error shape, so that
 * a refusal by tokenledger reads to the SDK like one from the provider.
 */
public enum ProxyProvider {
    OPENAI("openai"),
    ANTHROPIC("anthropic"),
    GEMINI("gemini"),
    OPENROUTER("openrouter");

    private final String id;

    ProxyProvider(String id) {
        this.id = id;
    }

    /** The provider name on usage events, and the path segment after {@code /proxy/}. */
    public String id() {
        return id;
    }

    public static Optional<ProxyProvider> of(String segment) {
        for (ProxyProvider p : values()) {
            if (p.id.equals(segment)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The operation of a call to {@code path} (the upstream path, without the proxy prefix), or
     * {@code api-call} for one that carries no tokens (files, models, token counting…).
     */
    public String operation(String path) {
        return switch (this) {
            case OPENAI -> switch (path) {
                case "/v1/chat/completions" -> "chat";
                case "/v1/responses" -> "responses";
                case "/v1/embeddings" -> "embedding";
                case "/v1/completions" -> "completion";
                default -> "api-call";
            };
            case ANTHROPIC -> path.equals("/v1/messages") ? "chat" : "api-call";
            case GEMINI -> path.startsWith("/v1beta/models/") && (path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent"))
                    ? "chat" : "api-call";
            case OPENROUTER -> path.equals("/api/v1/chat/completions") ? "chat" : path.equals("/api/v1/completions") ? "completion" : "api-call";
        };
    }

    /** Gemini names the model in the path ({@code /v1beta/models/gemini-2.5-flash:generateContent}). */
    public String modelInPath(String path) {
        if (this != GEMINI || !path.startsWith("/v1beta/models/")) {
            return null;
        }
        String rest = path.substring("/v1beta/models/".length());
        int colon = rest.indexOf(':');
        return colon > 0 ? rest.substring(0, colon) : null;
    }

    /** Whether the call streams its answer: the body's {@code stream}, or Gemini's streaming method. */
    public boolean streams(String path, JsonNode body) {
        if (this == GEMINI) {
            return path.endsWith(":streamGenerateContent");
        }
        return body != null && body.path("stream").asBoolean(false);
    }

    /** The headers the provider's SDKs send its key in; forwarded as they are, never stored. */
    public boolean isKeyHeader(String lowerCaseName) {
        return switch (lowerCaseName) {
            case "authorization", "x-api-key", "x-goog-api-key", "api-key" -> true;
            default -> false;
        };
    }

    /**
     * An error as this provider writes it: OpenAI and OpenRouter {@code {"error": {message, type,
     * code}}}, Anthropic {@code {"type": "error", "error": {type, message}}}, Gemini {@code {"error":
     * {code, message, status}}}.
     */
    public byte[] error(int status, String code, String message) {
        String m = jsonString(message);
        String json = switch (this) {
            case OPENAI, OPENROUTER -> "{\"error\":{\"message\":" + m + ",\"type\":" + jsonString(openAiType(status)) + ",\"param\":null,\"code\":"
                    + jsonString(code) + "}}";
            case ANTHROPIC -> "{\"type\":\"error\",\"error\":{\"type\":" + jsonString(anthropicType(status)) + ",\"message\":" + m + "}}";
            case GEMINI -> "{\"error\":{\"code\":" + status + ",\"message\":" + m + ",\"status\":" + jsonString(googleStatus(status)) + "}}";
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String openAiType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "insufficient_quota";
            case 400, 404, 413 -> "invalid_request_error";
            default -> "server_error";
        };
    }

    private static String anthropicType(int status) {
        return switch (status) {
            case 400, 413 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529, 503 -> "overloaded_error";
            default -> "api_error";
        };
    }

    private static String googleStatus(int status) {
        return switch (status) {
            case 400, 413 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
