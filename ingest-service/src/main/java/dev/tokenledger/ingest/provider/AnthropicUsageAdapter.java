package dev.tokenledger.ingest.provider;

import dev.tokenledger.common.events.UsageUnits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.common.events.Usage;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anthropic Messages usage. {@code input_tokens} <em>excludes</em> cache reads and writes; cache
 * writes are split into the 5-minute and 1-hour TTLs (all 5-minute when the split is absent).
 * Web searches and fetches are per-request units.
 */
final class AnthropicUsageAdapter {

    private AnthropicUsageAdapter() {
    }

    static Usage map(JsonNode usage) {
        long input = Nodes.count(usage, "input_tokens");
        long cacheRead = Nodes.count(usage, "cache_read_input_tokens");
        long cacheCreation = Nodes.count(usage, "cache_creation_input_tokens");
        long write5m;
        long write1h;
        if (Nodes.has(usage, "cache_creation")) {
            write5m = Nodes.count(usage, "cache_creation", "ephemeral_5m_input_tokens");
            write1h = Nodes.count(usage, "cache_creation", "ephemeral_1h_input_tokens");
            if (Nodes.has(usage, "cache_creation_input_tokens") && write5m + write1h != cacheCreation) {
                throw new ProviderUsageException("/cache_creation",
                        "ephemeral_5m + ephemeral_1h (" + (write5m + write1h) + ") differ from cache_creation_input_tokens (" + cacheCreation + ")");
            }
        } else {
            write5m = cacheCreation;
            write1h = 0;
        }
        long output = Nodes.count(usage, "output_tokens");
        long thinking = Nodes.count(usage, "output_tokens_details", "thinking_tokens");
        if (thinking > output) {
            throw new ProviderUsageException("/output_tokens_details/thinking_tokens", "exceeds output_tokens it is part of");
        }
        Map<String, BigDecimal> units = new LinkedHashMap<>();
        long searches = Nodes.count(usage, "server_tool_use", "web_search_requests");
        long fetches = Nodes.count(usage, "server_tool_use", "web_fetch_requests");
        if (searches > 0) {
            units.put(UsageUnits.WEB_SEARCH_CALLS, BigDecimal.valueOf(searches));
        }
        if (fetches > 0) {
            units.put(UsageUnits.WEB_FETCH_CALLS, BigDecimal.valueOf(fetches));
        }
        return new Usage(input, cacheRead, write5m, write1h, output, thinking, units);
    }

    /**
     * A streamed message: the usage of {@code message_start} overlaid with the last
     * {@code message_delta}'s usage, whose counts are cumulative totals (never added to the start).
     */
    static ObjectNode finalStreamUsage(JsonNode events) {
        ObjectNode usage = null;
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            JsonNode data = e.has("data") && e.get("data").isObject() ? e.get("data") : e;
            String type = Nodes.text(data, "type");
            if ("message_start".equals(type) && Nodes.at(data, "message", "usage") != null) {
                usage = ((ObjectNode) data.get("message").get("usage")).deepCopy();
            } else if ("message_delta".equals(type) && data.get("usage") instanceof ObjectNode delta) {
                if (usage == null) {
                    throw new ProviderUsageException("/" + i, "message_delta before message_start");
                }
                ObjectNode target = usage;
                delta.fields().forEachRemaining(f -> {
                    if (!f.getValue().isNull()) {
                        target.set(f.getKey(), f.getValue());
                    }
                });
            }
        }
        if (usage == null) {
            throw new ProviderUsageException("", "the stream holds no message_start with usage");
        }
        return usage;
    }
}
