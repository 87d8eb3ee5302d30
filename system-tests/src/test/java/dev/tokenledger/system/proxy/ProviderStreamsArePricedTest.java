package dev.tokenledger.system.proxy;

import dev.tokenledger.testinfra.ProviderReplays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream's events given to the usage API as they arrived ({@code provider_usage}) are priced as
 * the usage the stream ended with: the same cost as that usage recorded in canonical buckets,
 * through the real ingest, pricing and report services.
 */
class ProviderStreamsArePricedTest {

    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        stack = ProxyStack.get();
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("openai-responses-stream-events.json", "openai", "gpt-5-mini-2025-08-07",
                        Map.of("input_tokens", 976, "cache_read_tokens", 1024, "output_tokens", 300, "reasoning_tokens", 128)),
                Arguments.of("gemini-stream-generate-content.json", "gemini", "gemini-2.5-flash",
                        Map.of("input_tokens", 476, "cache_read_tokens", 1024, "output_tokens", 240, "reasoning_tokens", 120)),
                Arguments.of("anthropic-stream-cumulative-delta.json", "anthropic", "claude-sonnet-4-5-20250929",
                        Map.of("input_tokens", 40, "cache_read_tokens", 10000, "cache_write_tokens", 1500, "output_tokens", 350,
                                "units", Map.of("web_search_calls", "1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void aStreamRecordedAsItsEventsCostsExactlyWhatItsFinalUsageCosts(String file, String provider, String model, Map<String, ?> usage) {
        String project = "stream-" + UUID.randomUUID();
        stack.recordDirectly(project + "-events", provider, ProviderReplays.wireFormat("streams/" + file));
        stack.recordUsage(project + "-buckets", provider, model, usage);
        assertTrue(stack.cost(project + "-events", 1).signum() > 0, "priced, not unpriced");
        assertEquals(0, stack.cost(project + "-buckets", 1).compareTo(stack.cost(project + "-events", 1)));
    }
}
