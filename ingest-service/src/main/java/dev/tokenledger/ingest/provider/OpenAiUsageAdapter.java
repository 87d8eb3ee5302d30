package dev.tokenledger.ingest.provider;

import dev.tokenledger.common.money.DecimalBounds;

import dev.tokenledger.common.events.UsageUnits;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.ReportedCost;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.money.Money;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI Chat Completions and Responses usage, and OpenRouter's OpenAI-compatible usage.
 * The prompt/input count <em>includes</em> cached tokens (and cache writes where reported): they are
 * subtracted so every token sits in exactly one bucket. Reasoning tokens are part of the output.
 * Audio tokens are taken out of the text buckets into the units {@code audio_input_tokens} /
 * {@code audio_output_tokens}, which have their own prices.
 */
final class OpenAiUsageAdapter {

    private OpenAiUsageAdapter() {
    }

    static Usage map(JsonNode usage) {
        boolean responses = usage.has("input_tokens") || usage.has("output_tokens");
        String in = responses ? "input_tokens" : "prompt_tokens";
        String out = responses ? "output_tokens" : "completion_tokens";
        String inDetails = responses ? "input_tokens_details" : "prompt_tokens_details";
        String outDetails = responses ? "output_tokens_details" : "completion_tokens_details";

        long input = Nodes.count(usage, in);
        long cached = Nodes.count(usage, inDetails, "cached_tokens");
        long cacheWrite = Nodes.count(usage, inDetails, "cache_write_tokens");
        long audioIn = Nodes.count(usage, inDetails, "audio_tokens");
        long output = Nodes.count(usage, out);
        long reasoning = Nodes.count(usage, outDetails, "reasoning_tokens");
        long audioOut = Nodes.count(usage, outDetails, "audio_tokens");

        long uncached = input - cached - cacheWrite - audioIn;
        if (uncached < 0) {
            throw new ProviderUsageException("/" + in, "is smaller than the cached, cache-write and audio tokens it includes");
        }
        if (reasoning + audioOut > output) {
            throw new ProviderUsageException("/" + outDetails + "/reasoning_tokens", "exceeds the output tokens it is part of");
        }
        Map<String, BigDecimal> units = new LinkedHashMap<>();
        if (audioIn > 0) {
            units.put(UsageUnits.INPUT_AUDIO_TOKENS, BigDecimal.valueOf(audioIn));
        }
        if (audioOut > 0) {
            units.put(UsageUnits.OUTPUT_AUDIO_TOKENS, BigDecimal.valueOf(audioOut));
        }
        return new Usage(uncached, cached, cacheWrite, 0, output - audioOut, reasoning, units);
    }

    /** OpenRouter's {@code usage.cost}: the charge in USD credits, read from its decimal text. */
    static ReportedCost openRouterCost(JsonNode usage) {
        JsonNode cost = usage.get("cost");
        if (cost == null || cost.isNull()) {
            return null;
        }
        if (!cost.isNumber() && !cost.isTextual()) {
            throw new ProviderUsageException("/cost", "must be a number");
        }
        BigDecimal amount;
        try {
            amount = DecimalBounds.parse(cost.isBigDecimal() || cost.isTextual() ? cost.asText() : cost.decimalValue().toString());
        } catch (NumberFormatException e) {
            throw new ProviderUsageException("/cost", DecimalBounds.message(e, "must be a decimal number"));
        }
        if (amount.signum() < 0) {
            throw new ProviderUsageException("/cost", "must not be negative");
        }
        return new ReportedCost(Money.of(amount, "USD"), "openrouter");
    }

    /** OpenAI reports the tier that served the call; "default" is our "standard". */
    static String serviceTier(String providerTier) {
        if (providerTier == null) {
            return null;
        }
        return switch (providerTier) {
            case "default", "auto", "standard" -> "standard";
            case "flex", "priority", "batch" -> providerTier;
            default -> null;
        };
    }
}
