package dev.tokenledger.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON shape of the Kafka contracts: field names other services and clients rely on. */
class EventContractsTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123Z");

    private static UsageRecorded usage() {
        return new UsageRecorded(1, UsageRecorded.TYPE, "acme", "e-1", AT, AT, "anthropic", "claude-sonnet-4-5", "chat",
                "success", "req-9", 812L, "standard",
                new Usage(1000, 200, 300, 50, 400, 100, Map.of("web_search_calls", new BigDecimal("2"))),
                new ReportedCost(Money.usd("0.0123"), "openrouter"),
                new Attribution("p", "prod", "u", "c", "f", "a", "s", "k", Map.of("team", "x")));
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyRecordCarriesTheEnvelope() throws Exception {
        List<LedgerEvent> events = List.of(usage(), UsagePriced.of(usage(), Pricing.unpriced("none", AT)),
                new BudgetEvent(1, BudgetEvent.TYPE, "acme", "b", AT, "id", "n", "threshold_crossed", "warning", 80,
                        Money.usd("1"), Money.usd("2"), AT, AT),
                new AnomalyDetected(1, AnomalyDetected.TYPE, "acme", "a", AT, "s", "open", "critical", Money.usd("1"), Money.usd("3"), "d"),
                UsagePriced.of(usage(), new Pricing(Pricing.Status.PRICED, Money.usd("0.0105"),
                        List.of(new Pricing.Line("input", 1000, new java.math.BigDecimal("2.5"), 1_000_000, Money.usd("0.0025"), null),
                                new Pricing.Line("output", 800, new java.math.BigDecimal("10"), 1_000_000, Money.usd("0.008"), null)),
                        null, null, "7", "42", "litellm:openai/gpt-4o", new Pricing.ReportedComparison(Money.usd("0.0123"), Money.usd("0.0018")),
                        List.of(), null, 1, null, null, AT)),
                new PriceChange(1, PriceChange.TYPE, PriceChange.GLOBAL, "v2", AT, "2", "importer", "litellm 2026-01-24", 0, 1, 0,
                        List.of(new PriceChange.ChangedPrice("changed", "gemini", "gemini-2.5-pro", "cache_read", "0.3125", "0.125",
                                "2026-01-24T05:09:29Z")), false));
        for (LedgerEvent e : events) {
            JsonNode json = Json.mapper().readTree(Json.write(e));
            assertTrue(fields(json).containsAll(Set.of("schema_version", "type", "tenant_id", "event_id", "occurred_at")),
                    e.getClass().getSimpleName() + " has the envelope: " + fields(json));
            assertEquals("2026-11-26T10:15:30.123Z", json.get("occurred_at").asText(), "RFC 3339 UTC");
            assertEquals(e, Json.read(Json.write(e), e.getClass()), "round-trips unchanged");
        }
    }

    @Test
    void usageUsesTheCanonicalBucketNames() throws Exception {
        JsonNode json = Json.mapper().readTree(Json.write(usage())).get("usage");
        assertEquals(Set.of("input_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens",
                "output_tokens", "reasoning_tokens", "units"), fields(json));
        assertEquals(1950, usage().usage().totalTokens(), "reasoning is inside output, not added again");
    }

    @Test
    void moneyInEventsIsADecimalString() throws Exception {
        JsonNode json = Json.mapper().readTree(Json.write(usage())).get("reported_cost").get("cost");
        assertTrue(json.get("amount").isTextual());
        assertEquals("0.012300000000", json.get("amount").asText());
    }

    @Test
    void unpricedMeansNoCostNeverZero() throws Exception {
        JsonNode json = Json.mapper().readTree(Json.write(UsagePriced.of(usage(), Pricing.unpriced("no price", AT))));
        assertEquals("UNPRICED", json.get("pricing").get("status").asText());
        assertFalse(json.get("pricing").has("cost"));
        assertThrows(IllegalArgumentException.class,
                () -> new Pricing(Pricing.Status.UNPRICED, Money.usd("0"), List.of(), null, null, null, null, null, null, List.of(),
                        "x", 1, null, null, AT));
    }
}
