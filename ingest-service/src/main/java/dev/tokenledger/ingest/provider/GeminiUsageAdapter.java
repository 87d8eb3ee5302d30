package dev.tokenledger.ingest.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.Usage;

import java.util.Map;

/**
 * Gemini {@code usageMetadata}: {@code promptTokenCount} includes the cached content, and thinking
 * tokens ({@code thoughtsTokenCount}) are billed as output beside {@code candidatesTokenCount}.
 */
final class GeminiUsageAdapter {

    private GeminiUsageAdapter() {
    }

    static Usage map(JsonNode usage) {
        long prompt = Nodes.count(usage, "promptTokenCount");
        long cached = Nodes.count(usage, "cachedContentTokenCount");
        if (cached > prompt) {
            throw new ProviderUsageException("/cachedContentTokenCount", "exceeds promptTokenCount it is part of");
        }
        long candidates = Nodes.count(usage, "candidatesTokenCount");
        long thoughts = Nodes.count(usage, "thoughtsTokenCount");
        return new Usage(prompt - cached, cached, 0, 0, candidates + thoughts, thoughts, Map.of());
    }
}
