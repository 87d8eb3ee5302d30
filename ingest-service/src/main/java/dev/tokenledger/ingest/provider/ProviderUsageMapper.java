package dev.tokenledger.ingest.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.ReportedCost;
import dev.tokenledger.common.events.Usage;

import java.util.Locale;

/**
 * Maps {@code provider_usage} — the usage exactly as the provider returned it — to the canonical
 * buckets. Accepted shapes: the {@code usage} object alone, the whole response body, or a stream as
 * an array (OpenAI chunks with {@code include_usage}; OpenAI Responses events; Gemini
 * {@code streamGenerateContent} chunks; Anthropic SSE events — as {@code {event, data}} or bare
 * payloads). The provider name chooses the adapter; an unknown provider is recognised by the
 * object's shape.
 */
public final class ProviderUsageMapper {

    private enum Format { OPENAI, OPENROUTER, ANTHROPIC, GEMINI }

    public ProviderUsage map(String provider, JsonNode providerUsage) {
        if (providerUsage == null || !(providerUsage.isObject() || providerUsage.isArray())) {
            throw new ProviderUsageException("", "must be the provider's usage object, its response body or an array of stream events");
        }
        String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
        if (providerUsage.isArray()) {
            return fromStream(p, providerUsage);
        }
        JsonNode body = providerUsage;
        JsonNode usage = body;
        if (body.get("usage") instanceof com.fasterxml.jackson.databind.node.ObjectNode u) {
            usage = u;
        } else if (body.get("usageMetadata") != null && body.get("usageMetadata").isObject()) {
            usage = body.get("usageMetadata");
        } else if (body.has("usage")) {
            throw new ProviderUsageException("/usage", "is not an object (a stream chunk without usage?)");
        }
        Format format = format(p, usage);
        String model = body != usage ? Nodes.text(body, body.has("modelVersion") ? "modelVersion" : "model") : null;
        String tier = Nodes.text(body, "service_tier") != null ? Nodes.text(body, "service_tier") : Nodes.text(usage, "service_tier");
        return build(format, usage, model, tier);
    }

    private ProviderUsage fromStream(String provider, JsonNode events) {
        if (events.isEmpty()) {
            throw new ProviderUsageException("", "the stream is empty");
        }
        JsonNode first = events.get(0);
        JsonNode firstData = first.has("data") && first.get("data").isObject() ? first.get("data") : first;
        if (provider.equals("anthropic") || "message_start".equals(Nodes.text(firstData, "type"))) {
            JsonNode usage = AnthropicUsageAdapter.finalStreamUsage(events);
            return build(Format.ANTHROPIC, usage, Nodes.text(Nodes.at(firstData, "message"), "model"), Nodes.text(usage, "service_tier"));
        }
        String firstType = Nodes.text(firstData, "type");
        if (firstType != null && firstType.startsWith("response.")) {
            // OpenAI Responses: the final response (completed, incomplete or failed) carries the usage
            for (int i = events.size() - 1; i >= 0; i--) {
                JsonNode e = events.get(i);
                JsonNode response = (e.has("data") && e.get("data").isObject() ? e.get("data") : e).get("response");
                if (response != null && response.get("usage") != null && response.get("usage").isObject()) {
                    return build(format(provider, response.get("usage")), response.get("usage"), Nodes.text(response, "model"),
                            Nodes.text(response, "service_tier"));
                }
            }
            throw new ProviderUsageException("", "no response.completed event with usage (was the stream cut off?)");
        }
        if (firstData.has("usageMetadata") || firstData.has("candidates")) {
            // Gemini streamGenerateContent: every chunk's usageMetadata is cumulative; the last one counts
            for (int i = events.size() - 1; i >= 0; i--) {
                JsonNode chunk = events.get(i);
                if (chunk.get("usageMetadata") != null && chunk.get("usageMetadata").isObject()) {
                    return build(Format.GEMINI, chunk.get("usageMetadata"), Nodes.text(chunk, "modelVersion"), null);
                }
            }
            throw new ProviderUsageException("", "no chunk of the stream carries usageMetadata");
        }
        // OpenAI-style chunks: usage only on the final extra chunk; a stream cut off before it has none
        for (int i = events.size() - 1; i >= 0; i--) {
            JsonNode chunk = events.get(i);
            if (chunk.get("usage") != null && chunk.get("usage").isObject()) {
                Format format = format(provider, chunk.get("usage"));
                return build(format, chunk.get("usage"), Nodes.text(chunk, "model"), Nodes.text(chunk, "service_tier"));
            }
        }
        throw new ProviderUsageException("", "no chunk of the stream carries usage (was stream_options.include_usage set, or was the stream cut off?)");
    }

    private static ProviderUsage build(Format format, JsonNode usage, String model, String providerTier) {
        return switch (format) {
            case ANTHROPIC -> new ProviderUsage(AnthropicUsageAdapter.map(usage), model, anthropicTier(providerTier), null);
            case GEMINI -> new ProviderUsage(GeminiUsageAdapter.map(usage), model, null, null);
            case OPENAI -> new ProviderUsage(OpenAiUsageAdapter.map(usage), model, OpenAiUsageAdapter.serviceTier(providerTier), null);
            case OPENROUTER -> {
                Usage u = OpenAiUsageAdapter.map(usage);
                ReportedCost cost = OpenAiUsageAdapter.openRouterCost(usage);
                yield new ProviderUsage(u, model, null, cost);
            }
        };
    }

    private static String anthropicTier(String tier) {
        return tier == null ? null : switch (tier) {
            case "standard", "priority", "batch" -> tier;
            default -> null;
        };
    }

    private static Format format(String provider, JsonNode usage) {
        return switch (provider) {
            case "anthropic" -> Format.ANTHROPIC;
            case "openrouter" -> Format.OPENROUTER;
            case "openai", "azure", "azure_openai", "azure-openai" -> Format.OPENAI;
            case "gemini", "google", "vertex_ai", "vertex-ai" -> Format.GEMINI;
            default -> byShape(usage);
        };
    }

    private static Format byShape(JsonNode usage) {
        if (usage.has("cache_creation_input_tokens") || usage.has("cache_read_input_tokens")) {
            return Format.ANTHROPIC;
        }
        if (usage.has("promptTokenCount") || usage.has("candidatesTokenCount")) {
            return Format.GEMINI;
        }
        if (usage.has("cost") && usage.has("prompt_tokens")) {
            return Format.OPENROUTER;
        }
        if (usage.has("prompt_tokens") || usage.has("input_tokens")) {
            return Format.OPENAI;
        }
        throw new ProviderUsageException("", "not a usage object this service knows (OpenAI, Anthropic, OpenRouter or Gemini)");
    }
}
