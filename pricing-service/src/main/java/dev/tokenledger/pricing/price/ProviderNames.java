package dev.tokenledger.pricing.price;

import java.util.Locale;
import java.util.Map;

/**
 * One name per provider, so that an event's {@code provider} and a price list's provider meet:
 * LiteLLM's {@code vertex_ai-language-models} and a client's {@code vertex} are both
 * {@code vertex_ai}; {@code google} and {@code google-ai-studio} are {@code gemini}.
 */
public final class ProviderNames {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("google", "gemini"),
            Map.entry("google_ai_studio", "gemini"),
            Map.entry("google-ai-studio", "gemini"),
            Map.entry("googleai", "gemini"),
            Map.entry("vertex", "vertex_ai"),
            Map.entry("vertexai", "vertex_ai"),
            Map.entry("google-vertex", "vertex_ai"),
            Map.entry("google_vertex", "vertex_ai"),
            Map.entry("bedrock_converse", "bedrock"),
            Map.entry("bedrock_mantle", "bedrock"),
            Map.entry("aws-bedrock", "bedrock"),
            Map.entry("amazon-bedrock", "bedrock"),
            Map.entry("aws_bedrock", "bedrock"),
            Map.entry("text-completion-openai", "openai"),
            Map.entry("azure_openai", "azure"),
            Map.entry("azure-openai", "azure"),
            Map.entry("cohere_chat", "cohere"),
            Map.entry("together", "together_ai"),
            Map.entry("togetherai", "together_ai"),
            Map.entry("fireworks", "fireworks_ai"),
            Map.entry("x-ai", "xai"),
            Map.entry("mistralai", "mistral"));

    private ProviderNames() {
    }

    public static String canonical(String provider) {
        if (provider == null) {
            return null;
        }
        String p = provider.trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("vertex_ai-") || p.startsWith("vertex_ai_")) {
            return "vertex_ai";
        }
        if (p.endsWith("-embedding-models")) {
            p = p.substring(0, p.length() - "-embedding-models".length());
        }
        return ALIASES.getOrDefault(p, p);
    }
}
