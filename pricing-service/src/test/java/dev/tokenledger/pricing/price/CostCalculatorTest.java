package dev.tokenledger.pricing.price;

import dev.tokenledger.common.events.Usage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pricing core on worked cases; every expected total is computed by hand from the list prices. */
class CostCalculatorTest {

    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

    static PriceEntry entry(String provider, String model, PriceSheet prices, PriceTier... tiers) {
        return new PriceEntry(1, PriceEntry.GLOBAL, "test", provider, model, List.of(), null, FROM, null, "USD", prices, List.of(tiers), List.of());
    }

    static Usage usage(long input, long cacheRead, long cacheWrite, long cacheWrite1h, long output, long reasoning) {
        return new Usage(input, cacheRead, cacheWrite, cacheWrite1h, output, reasoning, Map.of());
    }

    static BigDecimal total(PriceEntry e, Usage u, String tier) throws Exception {
        return CostCalculator.calculate(e, u, tier, null).total();
    }

    static void assertCost(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + " but was " + actual.toPlainString());
    }

    static final PriceEntry GPT_4O = entry("openai", "gpt-4o", PriceSheet.builder()
            .token(Bucket.INPUT, "2.5").token(Bucket.CACHE_READ, "1.25").token(Bucket.OUTPUT, "10").build(),
            new PriceTier("batch", 20, List.of(TierCondition.serviceTierIn("batch")), PriceSheet.builder()
                    .token(Bucket.INPUT, "1.25").token(Bucket.OUTPUT, "5").build(), null),
            new PriceTier("priority", 20, List.of(TierCondition.serviceTierIn("priority")), PriceSheet.builder()
                    .token(Bucket.INPUT, "4.25").token(Bucket.CACHE_READ, "2.125").token(Bucket.OUTPUT, "17").build(), null),
            new PriceTier("flex", 20, List.of(TierCondition.serviceTierIn("flex")), PriceSheet.builder()
                    .token(Bucket.INPUT, "1.25").token(Bucket.CACHE_READ, "0.625").token(Bucket.OUTPUT, "5").build(), null));

    static final PriceEntry SONNET = entry("anthropic", "claude-sonnet-4-5", PriceSheet.builder()
            .token(Bucket.INPUT, "3").token(Bucket.CACHE_READ, "0.3").token(Bucket.CACHE_WRITE, "3.75")
            .token(Bucket.CACHE_WRITE_1H, "6").token(Bucket.OUTPUT, "15").build(),
            new PriceTier("above_200k", 10, List.of(TierCondition.promptTokensAbove(200_000)), PriceSheet.builder()
                    .token(Bucket.INPUT, "6").token(Bucket.CACHE_READ, "0.6").token(Bucket.CACHE_WRITE, "7.5")
                    .token(Bucket.CACHE_WRITE_1H, "12").token(Bucket.OUTPUT, "22.5").build(), null),
            new PriceTier("batch", 20, List.of(TierCondition.serviceTierIn("batch")), null, new BigDecimal("0.5")));

    static final PriceEntry GEMINI_PRO = entry("gemini", "gemini-2.5-pro", PriceSheet.builder()
            .token(Bucket.INPUT, "1.25").token(Bucket.CACHE_READ, "0.125").token(Bucket.OUTPUT, "10").build(),
            new PriceTier("above_200k", 10, List.of(TierCondition.promptTokensAbove(200_000)), PriceSheet.builder()
                    .token(Bucket.INPUT, "2.5").token(Bucket.CACHE_READ, "0.25").token(Bucket.OUTPUT, "15").build(), null));

    @Test
    void openAiCachedInputIsPricedAtTheCacheReadRate() throws Exception {
        // 1000 uncached × 2.5 + 500 cached × 1.25 + 200 output × 10, per million
        CostCalculation c = CostCalculator.calculate(GPT_4O, usage(1000, 500, 0, 0, 200, 0), "standard", null);
        assertCost("0.005125", c.total());
        assertEquals(List.of("input", "cache_read", "output"), c.lineItems().stream().map(LineItem::item).toList());
        assertCost("0.000625", c.lineItems().get(1).amount());
        assertTrue(c.notes().isEmpty());
    }

    @Test
    void anthropicFiveMinuteAndOneHourCacheWritesHaveTheirOwnRates() throws Exception {
        // 100 × 3 + 5000 × 0.3 + 1000 × 3.75 + 2000 × 6 + 300 × 15 = 300 + 1500 + 3750 + 12000 + 4500 = 22050 micro-dollars
        assertCost("0.02205", total(SONNET, usage(100, 5000, 1000, 2000, 300, 0), "standard"));
    }

    @Test
    void reasoningTokensArePartOfOutputUnlessTheyHaveTheirOwnPrice() throws Exception {
        PriceEntry flash = entry("gemini", "thinker", PriceSheet.builder()
                .token(Bucket.INPUT, "0.3").token(Bucket.OUTPUT, "2.5").token(Bucket.REASONING, "3.5").build());
        CostCalculation withPrice = CostCalculator.calculate(flash, usage(0, 0, 0, 0, 1000, 600), null, null);
        // 400 × 2.5 + 600 × 3.5
        assertCost("0.0031", withPrice.total());
        assertEquals(List.of("output", "reasoning"), withPrice.lineItems().stream().map(LineItem::item).toList());
        assertEquals(400, withPrice.lineItems().get(0).quantity());

        CostCalculation without = CostCalculator.calculate(GPT_4O, usage(0, 0, 0, 0, 1000, 600), null, null);
        assertCost("0.01", without.total());
        assertEquals(1, without.lineItems().size(), "reasoning is not billed a second time");
    }

    @Test
    void longContextTierPricesTheWholeRequestOnlyAbove200kPromptTokens() throws Exception {
        // 199,999 × 1.25 + 1000 × 10 = 249998.75 + 10000 micro-dollars
        CostCalculation below = CostCalculator.calculate(GEMINI_PRO, usage(199_999, 0, 0, 0, 1000, 0), null, null);
        assertCost("0.25999875", below.total());
        assertNull(below.tier());
        assertCost("0.26", total(GEMINI_PRO, usage(200_000, 0, 0, 0, 1000, 0), null));
        // 200,001 × 2.5 + 1000 × 15: the output is at the tier rate too
        CostCalculation above = CostCalculator.calculate(GEMINI_PRO, usage(200_001, 0, 0, 0, 1000, 0), null, null);
        assertCost("0.5150025", above.total());
        assertEquals("above_200k", above.tier());
        // cache reads count toward the prompt size: 150,000 + 50,001 cached crosses the line
        assertCost("0.38750025", total(GEMINI_PRO, usage(150_000, 50_001, 0, 0, 0, 0), null));
    }

    @Test
    void batchTierAsAFactorHalvesEveryPriceItDoesNotList() throws Exception {
        // standard: 10,000 × 3 + 2,000 × 15 = 0.06; batch: half
        assertCost("0.06", total(SONNET, usage(10_000, 0, 0, 0, 2_000, 0), "standard"));
        CostCalculation batch = CostCalculator.calculate(SONNET, usage(10_000, 0, 0, 0, 2_000, 0), "batch", null);
        assertCost("0.03", batch.total());
        assertEquals("batch", batch.tier());
        assertCost("1.5", batch.lineItems().get(0).unitPrice());
        assertCost("0.015", batch.lineItems().get(0).amount());
        assertCost("0.0125", total(GPT_4O, usage(10_000, 0, 0, 0, 0, 0), "batch"));
    }

    @Test
    void flexAndPriorityTiersChangeTheRates() throws Exception {
        Usage u = usage(1_000_000, 1_000_000, 0, 0, 1_000_000, 0);
        assertCost("13.75", total(GPT_4O, u, "standard"));
        assertCost("6.875", total(GPT_4O, u, "flex"));
        assertCost("23.375", total(GPT_4O, u, "priority"));
    }

    @Test
    void serviceTierWithoutListedPricesFallsBackToStandardAndSaysSo() throws Exception {
        CostCalculation c = CostCalculator.calculate(GEMINI_PRO, usage(1000, 0, 0, 0, 0, 0), "flex", null);
        assertCost("0.00125", c.total());
        assertEquals(List.of("no flex price listed; standard prices used"), c.notes());
    }

    @Test
    void perRequestAndPerSearchCallUnitsArePricedPerUnit() throws Exception {
        PriceEntry search = entry("perplexity", "sonar", PriceSheet.builder()
                .token(Bucket.INPUT, "1").token(Bucket.OUTPUT, "1").unit("requests", "0.005").unit("web_search_calls", "0.01").build());
        Usage u = new Usage(1000, 0, 0, 0, 500, 0, Map.of("requests", BigDecimal.ONE, "web_search_calls", new BigDecimal("3")));
        CostCalculation c = CostCalculator.calculate(search, u, null, null);
        // 1000 × 1 + 500 × 1 per million = 0.0015; + 1 × 0.005 + 3 × 0.01
        assertCost("0.0365", c.total());
        assertEquals(4, c.lineItems().size());
    }

    @Test
    void unpricedUnitMakesTheEventUnpricedButUnpricedRequestsAreFree() throws Exception {
        Usage images = new Usage(10, 0, 0, 0, 0, 0, Map.of("images", BigDecimal.ONE));
        var e = assertThrows(CostCalculator.NotPriceable.class, () -> CostCalculator.calculate(GPT_4O, images, null, null));
        assertEquals("no price for unit 'images' of openai/gpt-4o", e.getMessage());
        Usage requests = new Usage(1000, 0, 0, 0, 0, 0, Map.of("requests", BigDecimal.ONE));
        assertCost("0.0025", total(GPT_4O, requests, null));
    }

    @Test
    void missingCacheWritePriceFallsBackToInputWithANote() throws Exception {
        CostCalculation c = CostCalculator.calculate(GEMINI_PRO, usage(0, 0, 1000, 0, 0, 0), null, null);
        assertCost("0.00125", c.total());
        assertEquals(List.of("cache_write price not listed; input price used"), c.notes());
    }

    @Test
    void missingOutputPriceMakesTheEventUnpriced() {
        PriceEntry embeddings = entry("openai", "text-embedding-3-small", PriceSheet.builder().token(Bucket.INPUT, "0.02").build());
        assertThrows(CostCalculator.NotPriceable.class, () -> CostCalculator.calculate(embeddings, usage(10, 0, 0, 0, 5, 0), null, null));
    }

    @Test
    void tenantDiscountTakesItsPercentOffExactly() throws Exception {
        Discount fifteen = new Discount(9, "acme", "anthropic", null, new BigDecimal("15"), FROM, null, "enterprise agreement");
        CostCalculation c = CostCalculator.calculate(SONNET, usage(100, 5000, 1000, 2000, 300, 0), null, fifteen);
        assertCost("0.02205", c.listTotal());
        assertCost("0.0033075", c.discountAmount());
        assertCost("0.0187425", c.total());
    }

    @Test
    void amountsAreExactWithoutFloatNoise() throws Exception {
        // LiteLLM's own example of float noise: 0.0016150000000000001
        PriceEntry e = entry("x", "m", PriceSheet.builder().token(Bucket.INPUT, "0.17").token(Bucket.OUTPUT, "0.17").build());
        assertEquals("0.001615", total(e, usage(9500, 0, 0, 0, 0, 0), null).stripTrailingZeros().toPlainString());
    }
}
