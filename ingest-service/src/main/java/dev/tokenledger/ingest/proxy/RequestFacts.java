package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the proxy reads of a client's request body before forwarding it: the model, whether it
 * streams, the most output it allows, who it names (OpenAI {@code user} and {@code metadata},
 * Anthropic {@code metadata.user_id}) and the text of its prompt, for the input estimate.
 */
public record RequestFacts(String model, boolean stream, Long maxOutputTokens, String user, Map<String, String> metadata, String promptText) {

    /** Keys whose string values are prompt text in the providers' request shapes. */
    private static final Set<String> TEXT_KEYS = Set.of("content", "text", "input", "prompt", "system", "instructions");
    private static final int MAX_METADATA = 16;

    public static RequestFacts of(ProxyProvider provider, String path, JsonNode body) {
        JsonNode b = body != null && body.isObject() ? body : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        String model = text(b.get("model"));
        if (model == null) {
            model = provider.modelInPath(path);
        }
        Long maxOutput = firstCount(b.get("max_completion_tokens"), b.get("max_tokens"), b.get("max_output_tokens"),
                b.path("generationConfig").get("maxOutputTokens"));
        String user = text(b.get("user"));
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = b.get("metadata");
        if (meta != null && meta.isObject()) {
            if (provider == ProxyProvider.ANTHROPIC) {
                user = text(meta.get("user_id"));
            } else {
                meta.fields().forEachRemaining(f -> {
                    if (f.getValue().isTextual() && metadata.size() < MAX_METADATA) {
                        metadata.put(f.getKey(), f.getValue().asText());
                    }
                });
            }
        }
        StringBuilder prompt = new StringBuilder();
        collectText(b, null, prompt);
        return new RequestFacts(model, provider.streams(path, b), maxOutput, user, metadata, prompt.toString());
    }

    private static void collectText(JsonNode node, String key, StringBuilder out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            if (key != null && TEXT_KEYS.contains(key)) {
                out.append(node.asText()).append('\n');
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectText(n, key, out));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                // parts and messages carry text under "text"/"content"; the name of the containing key matters only for strings
                String k = f.getValue().isTextual() ? f.getKey() : (f.getKey().equals("parts") || f.getKey().equals("messages")
                        || f.getKey().equals("contents") || TEXT_KEYS.contains(f.getKey()) ? "content" : null);
                if (k != null) {
                    collectText(f.getValue(), k, out);
                }
            });
        }
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }

    private static Long firstCount(JsonNode... candidates) {
        for (JsonNode n : candidates) {
            if (n != null && n.canConvertToLong() && n.asLong() >= 0) {
                return n.asLong();
            }
        }
        return null;
    }
}
