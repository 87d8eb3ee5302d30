package dev.tokenledger.ingest.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.problem.Problem.FieldError;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation and normalisation of a batch, without Quarkus. */
class UsageEventNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final UsageEventNormalizer normalizer = new UsageEventNormalizer(Clock.fixed(NOW, ZoneOffset.UTC));

    private static UsageEventRequest event(String id) {
        return new UsageEventRequest(id, null, "openai", "gpt-4o", null, null, null, null, null,
                Usage.tokens(10, 2), null, null, null);
    }

    private static List<String> pointers(UsageEventNormalizer.Result r) {
        return r.errors().stream().map(FieldError::pointer).toList();
    }

    @Test
    void defaultsAreFilledAndTheIdIsAUuidV7() {
        UsageRecorded e = normalizer.normalize("acme", List.of(event(null))).events().get(0);
        UUID id = UUID.fromString(e.eventId());
        assertEquals(7, id.version());
        assertEquals(NOW, e.occurredAt());
        assertEquals("chat", e.operation());
        assertEquals("success", e.status());
        assertEquals("standard", e.serviceTier());
        assertEquals("acme", e.tenantId());
        assertEquals(UsageRecorded.SCHEMA_VERSION, e.schemaVersion());
    }

    @Test
    void everyBadFieldOfEveryBadEventIsListedAndNoEventComesOut() {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            tags.put("k" + i, "v");
        }
        List<UsageEventRequest> batch = List.of(
                event("ok-1"),
                new UsageEventRequest("x".repeat(129), OffsetDateTime.parse("2026-11-26T12:06:00Z"), "OpenAI!", null, "dance", "fine",
                        null, -1L, "cheap", new Usage(-1, 0, 0, 0, 5, 6, Map.of()), null, null,
                        new Attribution(null, null, null, null, null, null, null, null, tags)),
                event("ok-1"));
        UsageEventNormalizer.Result r = normalizer.normalize("acme", batch);
        assertTrue(r.events().isEmpty(), "nothing of a bad batch comes out");
        assertEquals(List.of("/1/event_id", "/1/occurred_at", "/1/provider", "/1/operation", "/1/status", "/1/latency_ms",
                "/1/service_tier", "/1/usage/input_tokens", "/1/usage/reasoning_tokens", "/1/model", "/1/attribution/tags",
                "/2/event_id"), pointers(r));
    }

    @Test
    void absurdCountsAndOldTimestampsAreRefused() {
        UsageEventRequest huge = new UsageEventRequest("h", OffsetDateTime.parse("2001-01-01T00:00:00Z"), "openai", "m", null, null,
                null, null, null, new Usage(0, 0, 0, 0, 200_000_000L, 0, Map.of("BAD NAME", java.math.BigDecimal.ONE)), null, null, null);
        assertEquals(List.of("/0/occurred_at", "/0/usage/output_tokens", "/0/usage/units/BAD NAME"),
                pointers(normalizer.normalize("acme", List.of(huge))));
    }

    @Test
    void providerUsageFillsBucketsModelTierAndReportedCost() throws Exception {
        var usage = new ObjectMapper().readTree("{\"model\":\"anthropic/claude-sonnet-4.5\",\"usage\":{\"prompt_tokens\":12000,"
                + "\"completion_tokens\":300,\"prompt_tokens_details\":{\"cached_tokens\":10000,\"cache_write_tokens\":1500},\"cost\":0.014625}}");
        UsageRecorded e = normalizer.normalize("acme", List.of(new UsageEventRequest("or-1", null, "openrouter", null, null, null,
                null, null, null, null, usage, null, null))).events().get(0);
        assertEquals(new Usage(500, 10000, 1500, 0, 300, 0, Map.of()), e.usage());
        assertEquals("anthropic/claude-sonnet-4.5", e.model());
        assertEquals("0.014625000000", e.reportedCost().cost().amount().toPlainString());
    }

    @Test
    void usageAndProviderUsageTogetherIsAmbiguous() throws Exception {
        var usage = new ObjectMapper().readTree("{\"input_tokens\":1,\"output_tokens\":1}");
        UsageEventNormalizer.Result r = normalizer.normalize("acme", List.of(new UsageEventRequest("b", null, "openai", "m", null, null,
                null, null, null, Usage.tokens(1, 1), usage, null, null)));
        assertEquals(List.of("/0/provider_usage"), pointers(r));
    }

    @Test
    void reportedCostMustBeAnExactNonNegativeDecimal() {
        UsageEventNormalizer.Result r = normalizer.normalize("acme", List.of(
                new UsageEventRequest("c1", null, "openai", "m", null, null, null, null, null, null, null,
                        new UsageEventRequest.ReportedCostRequest("-0.01", "USD", "x"), null),
                new UsageEventRequest("c2", null, "openai", "m", null, null, null, null, null, null, null,
                        new UsageEventRequest.ReportedCostRequest("0x10", "USD", "x"), null),
                new UsageEventRequest("c3", null, "openai", "m", null, null, null, null, null, null, null,
                        new UsageEventRequest.ReportedCostRequest("1.5", "usd", "x"), null)));
        assertEquals(List.of("/0/reported_cost/amount", "/1/reported_cost/amount", "/2/reported_cost/currency"), pointers(r));
    }

    @Test
    void headerAttributionFillsOnlyWhatTheBodyLeavesOpen() {
        HeaderAttribution headers = new HeaderAttribution("hdr-project", null, null, "hdr-customer", null, null, "s-1");
        Attribution merged = headers.under(new Attribution("body-project", null, null, null, null, null, null, null, Map.of()));
        assertEquals("body-project", merged.project());
        assertEquals("hdr-customer", merged.customer());
        assertEquals("s-1", merged.session());
    }
}
