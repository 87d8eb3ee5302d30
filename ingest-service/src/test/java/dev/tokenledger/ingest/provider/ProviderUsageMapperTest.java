package dev.tokenledger.ingest.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.money.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every wire format maps to the buckets its accounting rules document (shared/data/wire-formats/README.md). */
class ProviderUsageMapperTest {

    private final ProviderUsageMapper mapper = new ProviderUsageMapper();

    static Stream<Arguments> wireFormats() {
        return Stream.of(
                // OpenAI: cached tokens are inside prompt_tokens, reasoning inside completion_tokens
                Arguments.of("openai-chat-completion-usage.json", new Usage(230, 1920, 0, 0, 900, 640, Map.of()), "o4-mini-2025-04-16", "standard"),
                // stream: only the final extra chunk carries usage
                Arguments.of("openai-chat-completion-stream-usage.json", new Usage(176, 1024, 0, 0, 2, 0, Map.of()), "gpt-4.1-2025-04-14", "standard"),
                Arguments.of("openai-responses-usage.json", new Usage(904, 4096, 0, 0, 1500, 1024, Map.of()), "gpt-5-2025-08-07", "standard"),
                // Anthropic: input excludes cache; cache writes split 5m / 1h; web searches are units
                Arguments.of("anthropic-message-usage.json", new Usage(50, 10000, 2000, 1000, 400, 0,
                        Map.of("web_search_calls", BigDecimal.valueOf(2))), "claude-sonnet-4-5-20250929", "standard"),
                // stream: message_delta usage is cumulative: output is 87, not 1 + 87
                Arguments.of("anthropic-stream-events.json", new Usage(25, 4000, 0, 0, 87, 0, Map.of()), "claude-haiku-4-5-20251001", "standard"),
                // OpenRouter: prompt_tokens include cached and cache-write tokens
                Arguments.of("openrouter-chat-completion-usage.json", new Usage(500, 10000, 1500, 0, 300, 0, Map.of()), "anthropic/claude-sonnet-4.5", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireFormats")
    void wireFormatMapsToTheDocumentedBuckets(String file, Usage expected, String model, String tier) {
        ProviderUsage mapped = mapper.map(WireFormats.providerOf(file), WireFormats.read(file));
        assertEquals(expected, mapped.usage());
        assertEquals(model, mapped.model());
        assertEquals(tier, mapped.serviceTier());
    }

    static Stream<Arguments> streamShapes() {
        return Stream.of(
                // the completed response's usage: cached tokens inside input, reasoning inside output
                Arguments.of("openai", "openai-responses-stream-events.json", new Usage(976, 1024, 0, 0, 300, 128, Map.of()), "gpt-5-mini-2025-08-07",
                        "standard"),
                // the last chunk's cumulative usageMetadata: cached content inside the prompt, thoughts beside the candidates
                Arguments.of("gemini", "gemini-stream-generate-content.json", new Usage(476, 1024, 0, 0, 240, 120, Map.of()), "gemini-2.5-flash", null),
                // the final message_delta's cumulative input and cache counts replace those of message_start
                Arguments.of("anthropic", "anthropic-stream-cumulative-delta.json", new Usage(40, 10000, 1500, 0, 350, 0,
                        Map.of("web_search_calls", BigDecimal.ONE)), "claude-sonnet-4-5-20250929", "standard"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("streamShapes")
    void aStreamGivenAsItsEventsMapsToItsFinalUsage(String provider, String file, Usage expected, String model, String tier) {
        ProviderUsage mapped = mapper.map(provider, WireFormats.read("streams/" + file));
        assertEquals(expected, mapped.usage());
        assertEquals(model, mapped.model());
        assertEquals(tier, mapped.serviceTier());
    }

    @Test
    void aResponsesStreamCutOffBeforeItsCompletedEventIsAnErrorNotZero() throws Exception {
        JsonNode events = new ObjectMapper().readTree("[{\"type\":\"response.created\",\"response\":{\"model\":\"gpt-5\",\"usage\":null}},"
                + "{\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}]");
        assertTrue(assertThrows(ProviderUsageException.class, () -> mapper.map("openai", events)).getMessage().contains("response.completed"));
    }

    @Test
    void everyWireFormatFileHasAnExpectation() {
        assertEquals(WireFormats.FILES.size(), wireFormats().count());
    }

    @Test
    void openRouterCostIsKeptExactlyAsReported() {
        ProviderUsage mapped = mapper.map("openrouter", WireFormats.read("openrouter-chat-completion-usage.json"));
        assertEquals(Money.usd("0.014625"), mapped.reportedCost().cost());
        assertEquals("0.014625000000", mapped.reportedCost().cost().amount().toPlainString());
        assertEquals("openrouter", mapped.reportedCost().source());
    }

    @Test
    void theUsageObjectAloneWorksAsWellAsTheWholeBody() {
        JsonNode body = WireFormats.read("anthropic-message-usage.json");
        assertEquals(mapper.map("anthropic", body).usage(), mapper.map("anthropic", body.get("usage")).usage());
        JsonNode openai = WireFormats.read("openai-chat-completion-usage.json");
        assertEquals(mapper.map("openai", openai).usage(), mapper.map("openai", openai.get("usage")).usage());
    }

    @Test
    void anUnknownProviderIsRecognisedByShape() {
        assertEquals(new Usage(50, 10000, 2000, 1000, 400, 0, Map.of("web_search_calls", BigDecimal.valueOf(2))),
                mapper.map("bedrock-proxy", WireFormats.read("anthropic-message-usage.json").get("usage")).usage());
    }

    @Test
    void anthropicCacheCreationWithoutSplitIsAllFiveMinute() throws Exception {
        JsonNode usage = new ObjectMapper().readTree("{\"input_tokens\":10,\"cache_creation_input_tokens\":700,\"output_tokens\":5}");
        assertEquals(new Usage(10, 0, 700, 0, 5, 0, Map.of()), mapper.map("anthropic", usage).usage());
    }

    @Test
    void geminiPromptCountIncludesCachedContent() throws Exception {
        JsonNode body = new ObjectMapper().readTree("{\"modelVersion\":\"gemini-2.5-pro\",\"usageMetadata\":{\"promptTokenCount\":3000,"
                + "\"cachedContentTokenCount\":2000,\"candidatesTokenCount\":400,\"thoughtsTokenCount\":100,\"totalTokenCount\":3500}}");
        ProviderUsage mapped = mapper.map("gemini", body);
        assertEquals(new Usage(1000, 2000, 0, 0, 500, 100, Map.of()), mapped.usage());
        assertEquals("gemini-2.5-pro", mapped.model());
    }

    @Test
    void openAiStreamCutOffBeforeTheUsageChunkIsAnErrorNotZero() throws Exception {
        JsonNode chunks = new ObjectMapper().readTree("[{\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":null}]");
        ProviderUsageException e = assertThrows(ProviderUsageException.class, () -> mapper.map("openai", chunks));
        assertTrue(e.getMessage().contains("include_usage"));
    }

    @Test
    void inconsistentCountsAreRefusedWithTheirField() throws Exception {
        JsonNode usage = new ObjectMapper().readTree("{\"prompt_tokens\":10,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":50}}");
        ProviderUsageException e = assertThrows(ProviderUsageException.class, () -> mapper.map("openai", usage));
        assertEquals("/prompt_tokens", e.pointer());
        JsonNode negative = new ObjectMapper().readTree("{\"input_tokens\":-1,\"output_tokens\":1}");
        assertEquals("/input_tokens", assertThrows(ProviderUsageException.class, () -> mapper.map("anthropic", negative)).pointer());
        assertNull(mapper.map("openai", WireFormats.read("openai-responses-usage.json")).reportedCost());
    }
}
