package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.ReportedCost;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * usage.raw → usage.priced on real Kafka and PostgreSQL, with the bundled catalogue (LiteLLM price
 * maps of 2025-07-24, 2026-01-24 and 2026-07-24). Expected totals are worked out by hand from
 * those lists' prices per token.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class PricingPipelineTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    /** A tenant without discounts or own prices (other test classes of this run give acme some). */
    static final String TENANT = "initech";

    @InjectTestInfra
    TestInfra infra;

    static UsageRecorded event(String id, String provider, String model, Instant at, Usage usage, String tier, ReportedCost reported) {
        return new UsageRecorded(1, UsageRecorded.TYPE, TENANT, id, at, at, provider, model, "chat", "success", null, null,
                tier, usage, reported, Attribution.none());
    }

    static Usage usage(long input, long cacheRead, long cacheWrite, long cacheWrite1h, long output) {
        return new Usage(input, cacheRead, cacheWrite, cacheWrite1h, output, 0, Map.of());
    }

    void send(UsageRecorded e) {
        infra.kafka().send(infra.topic("usage.raw"), e.tenantId(), Json.write(e));
    }

    Map<String, Pricing> priced(List<String> ids) {
        List<ConsumerRecord<String, String>> out = infra.kafka().read(infra.topic("usage.priced"), ids.size(), Duration.ofSeconds(60),
                r -> ids.stream().anyMatch(id -> r.value().contains("\"" + id + "\"")));
        Map<String, Pricing> byId = new HashMap<>();
        for (ConsumerRecord<String, String> r : out) {
            UsagePriced p = Json.read(r.value(), UsagePriced.class);
            assertEquals(p.tenantId(), r.key(), "keyed by tenant");
            byId.put(p.eventId(), p.pricing());
        }
        assertEquals(ids.size(), byId.size(), "every event came out priced: " + byId.keySet());
        return byId;
    }

    static String id(String name) {
        return name + "-" + UUID.randomUUID();
    }

    @Test
    void recordedUsageComesOutPricedWithExactDecimalTotals() {
        String openai = id("openai-cached");
        String anthropic = id("anthropic-cache-writes");
        String longContext = id("gemini-long-context");
        String batch = id("openai-batch");
        String unknown = id("unknown");
        send(event(openai, "openai", "gpt-4o", NOW, usage(1000, 500, 0, 0, 200), "standard", new ReportedCost(Money.usd("0.0052"), "provider")));
        send(event(anthropic, "anthropic", "claude-sonnet-4-5-20250929", NOW, usage(100, 5000, 1000, 2000, 300), "standard", null));
        send(event(longContext, "gemini", "gemini-2.5-pro", NOW, usage(200_001, 0, 0, 0, 1000), "standard", null));
        send(event(batch, "openai", "gpt-4o", NOW, usage(10_000, 0, 0, 0, 0), "batch", null));
        send(event(unknown, "openai", "gpt-nonexistent-9", NOW, usage(10, 0, 0, 0, 10), "standard", null));

        Map<String, Pricing> p = priced(List.of(openai, anthropic, longContext, batch, unknown));
        // 1000 × $2.50 + 500 × $1.25 + 200 × $10 per million
        assertEquals("0.005125", p.get(openai).cost().amount().stripTrailingZeros().toPlainString());
        assertEquals(List.of("input", "cache_read", "output"), p.get(openai).lineItems().stream().map(Pricing.Line::item).toList());
        assertEquals(Money.usd("0.000075"), p.get(openai).reported().delta(), "provider-reported cost beside ours, with the difference");
        // 100 × $3 + 5000 × $0.30 + 1000 × $3.75 (5 min) + 2000 × $6 (1 h) + 300 × $15
        assertEquals(Money.usd("0.02205"), p.get(anthropic).cost());
        // 200,001 prompt tokens: the whole request at the >200k rates, $2.50 and $15
        assertEquals(Money.usd("0.5150025"), p.get(longContext).cost());
        assertEquals("above_200k", p.get(longContext).tier());
        assertEquals(Money.usd("0.0125"), p.get(batch).cost(), "batch input at $1.25 per million");
        assertEquals(Pricing.Status.UNPRICED, p.get(unknown).status());
        assertNull(p.get(unknown).cost(), "unknown is never $0");
        assertTrue(p.get(unknown).unpricedReason().contains("gpt-nonexistent-9"));
        assertNotNull(p.get(openai).catalogueVersion());
        assertNotNull(p.get(openai).priceEntryId());
    }

    @Test
    void eachEventIsPricedWithThePriceInForceWhenItOccurred() {
        // Gemini 2.5 Pro cache reads: $0.3125 per million in the 2025-07-24 list, $0.125 from the 2026-01-24 list
        String before = id("before-change");
        String after = id("after-change");
        send(event(before, "gemini", "gemini-2.5-pro", Instant.parse("2025-10-01T12:00:00Z"), usage(0, 100_000, 0, 0, 0), null, null));
        send(event(after, "gemini", "gemini-2.5-pro", Instant.parse("2026-03-01T12:00:00Z"), usage(0, 100_000, 0, 0, 0), null, null));
        Map<String, Pricing> p = priced(List.of(before, after));
        // 100,000 cached tokens (well below the 200k long-context line)
        assertEquals(Money.usd("0.03125"), p.get(before).cost());
        assertEquals(Money.usd("0.0125"), p.get(after).cost());
        assertTrue(!p.get(before).priceEntryId().equals(p.get(after).priceEntryId()), "two different entries");
    }

    @Test
    void redeliveredEventIsPricedOnce() {
        String dup = id("dup");
        UsageRecorded e = event(dup, "openai", "gpt-4o", NOW, usage(1000, 0, 0, 0, 0), null, null);
        send(e);
        send(e);
        String marker = id("marker");
        send(event(marker, "openai", "gpt-4o", NOW, usage(1, 0, 0, 0, 0), null, null));
        priced(List.of(marker));
        // the marker is behind both copies on the tenant's partition, so both copies have been handled
        List<ConsumerRecord<String, String>> copies = infra.kafka().read(infra.topic("usage.priced"), 2, Duration.ofSeconds(3),
                r -> r.value().contains("\"" + dup + "\""));
        assertEquals(1, copies.size(), "one priced result for one event id");
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() {
        infra.kafka().send(infra.topic("usage.raw"), TENANT, "{not json");
        String next = id("after-bad");
        send(event(next, "openai", "gpt-4o", NOW, usage(1, 1, 0, 0, 1), null, null));
        List<ConsumerRecord<String, String>> dead = infra.kafka().read(infra.topic("usage.raw") + ".dlq", 1, Duration.ofSeconds(30),
                r -> r.value().equals("{not json"));
        assertEquals(1, dead.size(), "the bad record is kept on the DLQ");
        var reason = dead.get(0).headers().lastHeader("dead-letter-reason");
        assertNotNull(reason, "the DLQ record says why");
        assertTrue(new String(reason.value(), StandardCharsets.UTF_8).length() > 0);
        assertEquals(1, priced(List.of(next)).size(), "the next record is still priced");
    }
}
