package dev.tokenledger.ingest.otlp;

import dev.tokenledger.common.events.Usage;
import dev.tokenledger.ingest.usage.UsageEventRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static dev.tokenledger.ingest.otlp.OtlpSpans.attrs;
import static dev.tokenledger.ingest.otlp.OtlpSpans.export;
import static dev.tokenledger.ingest.otlp.OtlpSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenAiSpansTest {

    private static final String TRACE = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN = "eee19b7ec3c1b174";
    private static final Instant START = Instant.parse("2026-12-01T10:15:30.250Z");

    private final GenAiSpans spans = new GenAiSpans("service.name",
            Map.of("app.customer_id", "customer", "traceloop.association.properties.team", "tag:team"));

    private UsageEventRequest one(Map<String, Object> attributes) {
        GenAiSpans.Result r = spans.read(export(Map.of("service.name", "checkout", "deployment.environment.name", "prod"),
                span(TRACE, SPAN, START, 1234, attributes)));
        assertEquals(1, r.candidates().size(), r.rejected().toString());
        return r.candidates().get(0).request();
    }

    static Stream<Arguments> everySpellingOfTheTokenCounts() {
        return Stream.of(
                Arguments.of("current conventions: cached and cache-written tokens are inside the input count", attrs(
                        "gen_ai.usage.input_tokens", 1500, "gen_ai.usage.output_tokens", 200, "gen_ai.usage.cache_read.input_tokens", 1000,
                        "gen_ai.usage.cache_creation.input_tokens", 300, "gen_ai.usage.reasoning.output_tokens", 50),
                        new Usage(200, 1000, 300, 0, 200, 50, Map.of())),
                Arguments.of("older gen_ai prompt and completion tokens", attrs(
                        "gen_ai.usage.prompt_tokens", 2150, "gen_ai.usage.completion_tokens", 87), Usage.tokens(2150, 87)),
                Arguments.of("OpenLLMetry's cache attributes", attrs(
                        "gen_ai.usage.prompt_tokens", 2150, "gen_ai.usage.completion_tokens", 87, "gen_ai.usage.cache_read_input_tokens", 2000),
                        new Usage(150, 2000, 0, 0, 87, 0, Map.of())),
                Arguments.of("llm.usage spellings", attrs("llm.usage.prompt_tokens", 40, "llm.usage.completion_tokens", 2), Usage.tokens(40, 2)),
                Arguments.of("OpenInference token counts", attrs("llm.token_count.prompt", 900, "llm.token_count.completion", 12,
                        "llm.token_count.prompt_details.cache_read", 100), new Usage(800, 100, 0, 0, 12, 0, Map.of())),
                Arguments.of("cache counts larger than the input: reported apart, as Anthropic's API does", attrs(
                        "gen_ai.usage.input_tokens", 12, "gen_ai.usage.output_tokens", 5, "gen_ai.usage.cache_read.input_tokens", 4000),
                        new Usage(12, 4000, 0, 0, 5, 0, Map.of())),
                Arguments.of("counts sent as strings and as whole doubles", attrs("gen_ai.usage.input_tokens", "300",
                        "gen_ai.usage.output_tokens", 7.0), Usage.tokens(300, 7)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everySpellingOfTheTokenCounts(String name, Map<String, Object> counts, Usage expected) {
        Map<String, Object> a = attrs("gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o");
        a.putAll(counts);
        assertEquals(expected, one(a).usage());
    }

    @Test
    void aSpanBecomesAnEventNamedByItsTraceAndSpanWithItsTimeLatencyAndAttribution() {
        UsageEventRequest e = one(attrs("gen_ai.provider.name", "anthropic", "gen_ai.request.model", "claude-sonnet-4",
                "gen_ai.response.model", "claude-sonnet-4-20250514", "gen_ai.operation.name", "chat", "gen_ai.usage.input_tokens", 10,
                "gen_ai.usage.output_tokens", 3, "user.id", "u-42", "session.id", "s-9", "gen_ai.agent.name", "triage",
                "app.customer_id", "cust-7", "traceloop.association.properties.team", "payments"));
        assertEquals("otel-" + TRACE + "-" + SPAN, e.eventId());
        assertEquals(TRACE + "-" + SPAN, e.requestId());
        assertEquals(START, e.occurredAt().toInstant());
        assertEquals(1234L, e.latencyMs());
        assertEquals("anthropic", e.provider());
        assertEquals("claude-sonnet-4-20250514", e.model(), "the model that answered wins over the one asked for");
        assertEquals("chat", e.operation());
        assertEquals("success", e.status());
        assertEquals("checkout", e.attribution().project(), "service.name of the resource");
        assertEquals("prod", e.attribution().environment());
        assertEquals("u-42", e.attribution().user());
        assertEquals("s-9", e.attribution().session());
        assertEquals("triage", e.attribution().agent());
        assertEquals("cust-7", e.attribution().customer(), "a configured attribute mapped to a dimension");
        assertEquals(Map.of("team", "payments"), e.attribution().tags(), "and one mapped to a tag");
    }

    @Test
    void theConventionsProviderNamesMeetThePriceListsAndOperationsTheVocabulary() {
        assertEquals("gemini", GenAiSpans.provider("gcp.gemini"));
        assertEquals("vertex_ai", GenAiSpans.provider("gcp.vertex_ai"));
        assertEquals("bedrock", GenAiSpans.provider("aws.bedrock"));
        assertEquals("azure", GenAiSpans.provider("azure.ai.openai"));
        assertEquals("openai", GenAiSpans.provider("OpenAI"), "OpenLLMetry writes the vendor's own spelling");
        assertEquals("embedding", GenAiSpans.operation("embeddings"));
        assertEquals("completion", GenAiSpans.operation("text_completion"));
        assertEquals("chat", GenAiSpans.operation("generate_content"));
        assertEquals("batch", GenAiSpans.tier("batch"));
        assertEquals("standard", GenAiSpans.tier("default"));
        assertNull(GenAiSpans.tier(null));
    }

    @Test
    void anErrorStatusIsAnErrorCall() {
        var failed = span(TRACE, SPAN, START, 5, attrs("gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o",
                "gen_ai.usage.input_tokens", 10, "gen_ai.usage.output_tokens", 0)).toBuilder()
                .setStatus(io.opentelemetry.proto.trace.v1.Status.newBuilder().setCode(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR))
                .build();
        assertEquals("error", spans.read(export(Map.of(), failed)).candidates().get(0).request().status());
    }

    @Test
    void spansWithoutUsageAreCountedAndSpansWithUnusableUsageAreRefusedWithTheirReason() {
        GenAiSpans.Result r = spans.read(export(Map.of("service.name", "checkout"),
                span(TRACE, SPAN, START, 5, attrs("http.method", "POST")),
                span(TRACE, "eee19b7ec3c1b175", START, 5, attrs("gen_ai.system", "openai", "gen_ai.usage.input_tokens", 10)),
                span(TRACE, "eee19b7ec3c1b176", START, 5, attrs("gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o",
                        "gen_ai.usage.input_tokens", -3)),
                span(TRACE, "eee19b7ec3c1b177", START, 5, attrs("gen_ai.request.model", "gpt-4o", "gen_ai.usage.output_tokens", 3)),
                span(TRACE, "eee19b7ec3c1b178", START, 5, attrs("gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o",
                        "gen_ai.usage.output_tokens", "many")),
                span(TRACE, "eee19b7ec3c1b179", START, 5, attrs("gen_ai.system", "openai", "gen_ai.request.model", "gpt-4o",
                        "gen_ai.usage.output_tokens", 3))));
        assertEquals(1, r.withoutUsage());
        assertEquals(1, r.candidates().size());
        assertEquals("resource_spans[0].scope_spans[0].spans[5]", r.candidates().get(0).where());
        assertEquals(4, r.rejected().size());
        assertTrue(r.rejected().get(0).reason().contains("no model"), r.rejected().get(0).reason());
        assertEquals("resource_spans[0].scope_spans[0].spans[1]", r.rejected().get(0).where());
        assertEquals("gen_ai.usage.input_tokens must not be negative", r.rejected().get(1).reason());
        assertTrue(r.rejected().get(2).reason().contains("no provider"), r.rejected().get(2).reason());
        assertEquals("gen_ai.usage.output_tokens must be a whole number of tokens", r.rejected().get(3).reason());
    }
}
