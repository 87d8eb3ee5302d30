package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Follows a relayed stream frame by frame: keeps the frames that carry usage (OpenAI's last chunk,
 * Anthropic's {@code message_start} and {@code message_delta}, Gemini's cumulative
 * {@code usageMetadata}, the Responses API's completed response) and the text relayed, for an
 * estimate when the stream ends early. When the proxy asked OpenAI for usage the client did not,
 * it says which frames to hold back or trim so the client gets the stream it asked for.
 */
public final class StreamUsage {

    /** What to do with a frame: relay it as it is, drop it, or relay {@code replacement}. */
    public record Verdict(boolean drop, byte[] replacement) {
        static final Verdict RELAY = new Verdict(false, null);
        static final Verdict DROP = new Verdict(true, null);
    }

    private static final int MAX_TEXT = 4 * 1024 * 1024;
    private static final Pattern USAGE_NULL = Pattern.compile(",\\s*\"usage\"\\s*:\\s*null|\"usage\"\\s*:\\s*null\\s*,?");

    private final ProxyProvider provider;
    private final boolean usageAddedByProxy;
    private final ObjectMapper mapper;
    private final StringBuilder text = new StringBuilder();
    private JsonNode usageSource;
    private ArrayNode anthropicEvents;
    private String model;

    public StreamUsage(ProxyProvider provider, boolean usageAddedByProxy, ObjectMapper mapper) {
        this.provider = provider;
        this.usageAddedByProxy = usageAddedByProxy;
        this.mapper = mapper;
    }

    public Verdict observe(SseFrames.Frame frame) {
        String data = frame.data();
        if (data == null || data.isEmpty() || data.equals("[DONE]") || data.charAt(0) != '{') {
            return Verdict.RELAY;
        }
        JsonNode json;
        try {
            json = mapper.readTree(data);
        } catch (java.io.IOException e) {
            return Verdict.RELAY;
        }
        if (model == null && json.hasNonNull("model")) {
            model = json.get("model").asText();
        }
        return switch (provider) {
            case ANTHROPIC -> anthropic(json);
            case GEMINI -> gemini(json);
            case OPENAI, OPENROUTER -> json.has("type") && json.get("type").asText().startsWith("response.") ? responses(json) : chunk(frame, json);
        };
    }

    private Verdict chunk(SseFrames.Frame frame, JsonNode json) {
        JsonNode usage = json.get("usage");
        for (JsonNode choice : json.path("choices")) {
            append(choice.path("delta").path("content"));
            append(choice.path("delta").path("reasoning"));
            append(choice.path("text"));
        }
        if (usage != null && usage.isObject()) {
            usageSource = json;
            if (usageAddedByProxy && json.path("choices").isEmpty()) {
                return Verdict.DROP;
            }
        }
        if (usageAddedByProxy && usage != null && usage.isNull()) {
            String raw = new String(frame.raw(), StandardCharsets.UTF_8);
            return new Verdict(false, USAGE_NULL.matcher(raw).replaceFirst("").getBytes(StandardCharsets.UTF_8));
        }
        return Verdict.RELAY;
    }

    private Verdict anthropic(JsonNode json) {
        String type = json.path("type").asText();
        switch (type) {
            case "message_start" -> {
                anthropicEvents = mapper.createArrayNode();
                anthropicEvents.add(json);
                if (json.path("message").hasNonNull("model")) {
                    model = json.path("message").get("model").asText();
                }
            }
            case "message_delta" -> {
                if (anthropicEvents == null) {
                    anthropicEvents = mapper.createArrayNode();
                }
                anthropicEvents.add(json);
            }
            case "content_block_delta" -> {
                append(json.path("delta").path("text"));
                append(json.path("delta").path("thinking"));
                append(json.path("delta").path("partial_json"));
            }
            default -> {
            }
        }
        if (anthropicEvents != null) {
            usageSource = anthropicEvents;
        }
        return Verdict.RELAY;
    }

    private Verdict gemini(JsonNode json) {
        for (JsonNode candidate : json.path("candidates")) {
            for (JsonNode part : candidate.path("content").path("parts")) {
                append(part.path("text"));
            }
        }
        if (json.path("usageMetadata").isObject()) {
            usageSource = json;
        }
        if (json.hasNonNull("modelVersion")) {
            model = json.get("modelVersion").asText();
        }
        return Verdict.RELAY;
    }

    private Verdict responses(JsonNode json) {
        String type = json.path("type").asText();
        if (type.endsWith(".delta")) {
            append(json.path("delta"));
        }
        JsonNode response = json.get("response");
        if (response != null && response.path("usage").isObject()) {
            usageSource = response;
        }
        if (response != null && response.hasNonNull("model")) {
            model = response.get("model").asText();
        }
        return Verdict.RELAY;
    }

    private void append(JsonNode node) {
        if (node != null && node.isTextual() && text.length() < MAX_TEXT) {
            text.append(node.asText());
        }
    }

    /** The provider's usage as the stream reported it (a chunk, an event list or a response), or null. */
    public JsonNode usageSource() {
        return usageSource;
    }

    /** Whether the stream reported its final usage (not only the input counts of its start). */
    public boolean complete() {
        if (usageSource == null) {
            return false;
        }
        return provider != ProxyProvider.ANTHROPIC || (anthropicEvents != null && anthropicEvents.size() > 1);
    }

    public String text() {
        return text.toString();
    }

    public String model() {
        return model;
    }
}
