package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.ReportedCost;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.Discount;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceSheet;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which entry prices an event: by time, by name, by tenant. */
class PriceBookTest {

    static final Instant JAN = Instant.parse("2025-07-24T02:46:02Z");
    static final Instant CHANGE = Instant.parse("2026-01-24T05:09:29Z");

    static PriceEntry entry(long id, String scope, String provider, String model, Instant from, Instant to, String input, String output,
                            List<String> aliases, String pattern) {
        return new PriceEntry(id, scope, "test", provider, model, aliases, pattern, from, to, "USD",
                PriceSheet.builder().token(Bucket.INPUT, input).token(Bucket.OUTPUT, output).build(), List.of(), List.of());
    }

    static final PriceBook BOOK = new PriceBook(42, List.of(
            // gemini-2.5-pro: cache read price changed at CHANGE (here: input, to keep the sums short)
            entry(1, "*", "gemini", "gemini-2.5-pro", JAN, CHANGE, "1.25", "10", List.of(), null),
            entry(2, "*", "gemini", "gemini-2.5-pro", CHANGE, null, "1", "10", List.of(), null),
            entry(3, "*", "anthropic", "claude-sonnet-4-5", JAN, null, "3", "15", List.of(), null),
            entry(4, "*", "openrouter", "anthropic/claude-sonnet-4.5", JAN, null, "3", "15", List.of("anthropic/claude-4.5-sonnet-20250929"), null),
            entry(5, "*", "*", "llama-3-70b", JAN, null, "0.59", "0.79", List.of(), "(?i)^(meta-llama/)?llama-3-70b(-instruct)?$"),
            entry(6, "acme", "anthropic", "claude-sonnet-4-5", JAN, null, "2", "10", List.of(), null)),
            List.of(new Discount(7, "globex", "anthropic", null, new BigDecimal("10"), JAN, null, "volume"),
                    new Discount(8, "globex", "anthropic", "claude-sonnet-4-5", new BigDecimal("20"), JAN, null, "model deal")));

    static UsageRecorded event(String tenant, String provider, String model, Instant at) {
        return new UsageRecorded(1, UsageRecorded.TYPE, tenant, "e-" + at.toEpochMilli(), at, at, provider, model, "chat", "success",
                null, null, "standard", Usage.tokens(1_000_000, 0), null, Attribution.none());
    }

    final UsagePricer pricer = new UsagePricer(Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));

    Pricing price(String tenant, String provider, String model, Instant at) {
        return pricer.price(event(tenant, provider, model, at), BOOK).pricing();
    }

    @Test
    void eachEventIsPricedWithTheEntryInForceAtItsOwnTime() {
        assertEquals(Money.usd("1.25"), price("t", "gemini", "gemini-2.5-pro", CHANGE.minusMillis(1)).cost());
        assertEquals("1", price("t", "gemini", "gemini-2.5-pro", CHANGE.minusMillis(1)).priceEntryId());
        assertEquals(Money.usd("1"), price("t", "gemini", "gemini-2.5-pro", CHANGE).cost());
        assertEquals("2", price("t", "gemini", "gemini-2.5-pro", CHANGE).priceEntryId());
        assertEquals("42", price("t", "gemini", "gemini-2.5-pro", CHANGE).catalogueVersion());
    }

    @Test
    void unknownModelIsUnpricedWithTheReasonNeverZero() {
        Pricing p = price("t", "openai", "gpt-9-ultra", CHANGE);
        assertEquals(Pricing.Status.UNPRICED, p.status());
        assertNull(p.cost());
        assertEquals("no price for openai/gpt-9-ultra in the catalogue", p.unpricedReason());
        Pricing early = price("t", "gemini", "gemini-2.5-pro", JAN.minusSeconds(1));
        assertFalse(early.isPriced());
        assertTrue(early.unpricedReason().contains("in force at"), early.unpricedReason());
    }

    @Test
    void datedSnapshotsRoutePrefixesAndProviderAliasesFindTheFamily() {
        assertEquals("3", price("t", "anthropic", "claude-sonnet-4-5-20250929", CHANGE).priceEntryId());
        assertEquals("3", price("t", "anthropic", "anthropic/claude-sonnet-4-5", CHANGE).priceEntryId());
        assertEquals("2", price("t", "google", "models/gemini-2.5-pro", CHANGE).priceEntryId());
        assertEquals("4", price("t", "openrouter", "anthropic/claude-sonnet-4.5", CHANGE).priceEntryId());
        assertEquals("4", price("t", "openrouter", "anthropic/claude-4.5-sonnet-20250929", CHANGE).priceEntryId(), "alias");
        assertEquals("5", price("t", "groq", "meta-llama/Llama-3-70B-Instruct", CHANGE).priceEntryId(), "any-provider pattern");
    }

    @Test
    void aTenantsOwnPricesWinForThatTenantOnly() {
        assertEquals(Money.usd("2"), price("acme", "anthropic", "claude-sonnet-4-5", CHANGE).cost());
        assertEquals("acme", BOOK.find("acme", "anthropic", "claude-sonnet-4-5", CHANGE).entry().scope());
        assertEquals(Money.usd("3"), price("globex-x", "anthropic", "claude-sonnet-4-5", CHANGE).cost());
    }

    @Test
    void theMostSpecificDiscountApplies() {
        Pricing p = price("globex", "anthropic", "claude-sonnet-4-5", CHANGE);
        assertEquals(Money.usd("2.4"), p.cost(), "3 less the model's 20 %, not the provider's 10 %");
        assertEquals(0, new BigDecimal("20").compareTo(p.discount().percent()));
        assertEquals(Money.usd("3"), p.discount().listCost());
        assertEquals(Money.usd("3"), price("initech", "anthropic", "claude-sonnet-4-5", CHANGE).cost());
    }

    @Test
    void providerReportedCostIsKeptBesideOursWithTheDifference() {
        UsageRecorded e = event("t", "anthropic", "claude-sonnet-4-5", CHANGE);
        UsageRecorded reported = new UsageRecorded(1, UsageRecorded.TYPE, "t", "r", CHANGE, CHANGE, "anthropic", "claude-sonnet-4-5",
                "chat", "success", null, null, "standard", e.usage(), new ReportedCost(Money.usd("3.1"), "provider"), Attribution.none());
        Pricing p = pricer.price(reported, BOOK).pricing();
        assertEquals(Money.usd("3"), p.cost());
        assertEquals(Money.usd("3.1"), p.reported().reported());
        assertEquals(Money.usd("0.1"), p.reported().delta());
        assertEquals("test:anthropic/claude-sonnet-4-5", p.priceSource());
        assertEquals(Map.of(), e.usage().units());
    }
}
