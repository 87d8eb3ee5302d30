package dev.tokenledger.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Canonical usage: every token in exactly one bucket (DESIGN: canonical usage).
 * {@code reasoningTokens} is the part of {@code outputTokens} that was reasoning, not an extra bucket.
 * {@code units} holds other meters (requests, images, web_search_calls, audio_seconds, custom units).
 */
public record Usage(
        long inputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        @JsonProperty("cache_write_1h_tokens") long cacheWrite1hTokens,
        long outputTokens,
        long reasoningTokens,
        Map<String, BigDecimal> units) {

    public Usage {
        units = units == null ? Map.of() : Map.copyOf(units);
    }

    public static Usage tokens(long input, long output) {
        return new Usage(input, 0, 0, 0, output, 0, Map.of());
    }

    /** All tokens the provider read or wrote: the input buckets plus output (reasoning is inside output). */
    public long totalTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens + cacheWrite1hTokens + outputTokens;
    }
}
