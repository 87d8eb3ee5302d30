package dev.tokenledger.pricing.importer;

import dev.tokenledger.common.events.UsageUnits;
import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceTier;
import dev.tokenledger.pricing.price.TierCondition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import static dev.tokenledger.pricing.importer.Catalogues.assertToken;
import static dev.tokenledger.pricing.importer.Catalogues.assertUnit;
import static dev.tokenledger.pricing.importer.Catalogues.entry;
import static dev.tokenledger.pricing.importer.Catalogues.tier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenRouterImporterTest {

    private static final OpenRouterImporter IMPORTER = new OpenRouterImporter();
    private static final ImportedCatalogue MODELS = Catalogues.read(IMPORTER, Catalogues.OPENROUTER);

    @Test
    void everyListedModelIsImportedExceptTheRouters() {
        assertEquals(336, MODELS.entries().size() + MODELS.skipped().size());
        assertEquals(331, MODELS.entries().size());
        assertTrue(MODELS.skipped().stream().allMatch(s -> s.startsWith("openrouter/") && s.contains("price -1 for prompt")), MODELS.skipped().toString());
        assertTrue(MODELS.skipped().stream().anyMatch(s -> s.startsWith("openrouter/auto: ")));
        assertTrue(MODELS.entries().stream().noneMatch(e -> e.model().equals("openrouter/auto")));
        assertTrue(MODELS.entries().stream().allMatch(e -> e.provider().equals("openrouter") && e.source().equals("openrouter")));
    }

    @Test
    void claudeSonnet45HasItsPricesAndALongPromptOverrideTier() {
        PriceEntry sonnet = entry(MODELS, "openrouter", "anthropic/claude-sonnet-4.5");
        assertEquals(List.of("anthropic/claude-4.5-sonnet-20250929"), sonnet.aliases());
        assertToken("3", sonnet.prices(), Bucket.INPUT);
        assertToken("15", sonnet.prices(), Bucket.OUTPUT);
        assertToken("0.3", sonnet.prices(), Bucket.CACHE_READ);
        assertToken("3.75", sonnet.prices(), Bucket.CACHE_WRITE);
        assertToken("6", sonnet.prices(), Bucket.CACHE_WRITE_1H);
        assertUnit("0.01", sonnet.prices(), UsageUnits.WEB_SEARCH_CALLS);

        PriceTier longPrompt = tier(sonnet, "min_prompt_200000");
        assertEquals(List.of(TierCondition.promptTokensAtLeast(200_000)), longPrompt.conditions());
        assertToken("6", longPrompt.prices(), Bucket.INPUT);
        assertToken("22.5", longPrompt.prices(), Bucket.OUTPUT);
        assertToken("0.6", longPrompt.prices(), Bucket.CACHE_READ);
        assertToken("12", longPrompt.prices(), Bucket.CACHE_WRITE_1H);
        assertTrue(longPrompt.applies(200_000, null), "OpenRouter's override applies from min_prompt_tokens on");
    }

    @Test
    void freeModelsKeepRealZeroPrices() {
        PriceEntry free = entry(MODELS, "openrouter", "openai/gpt-oss-20b:free");
        assertEquals(BigDecimal.ZERO, free.prices().token(Bucket.INPUT));
        assertEquals(BigDecimal.ZERO, free.prices().token(Bucket.OUTPUT));
        // the slug names the paid model, which is listed too: it must not become the free variant's alias
        assertEquals(List.of(), free.aliases());
        assertToken("0.03", entry(MODELS, "openrouter", "openai/gpt-oss-20b").prices(), Bucket.INPUT);
    }

    @Test
    void largerOverrideThresholdsAreCheckedFirst() {
        PriceEntry max = entry(MODELS, "openrouter", "qwen/qwen3-max");
        assertEquals(List.of("min_prompt_128000", "min_prompt_32000"), max.tiers().stream().map(PriceTier::name).toList());
        assertToken("1.95", tier(max, "min_prompt_128000").prices(), Bucket.INPUT);
        assertToken("1.56", tier(max, "min_prompt_32000").prices(), Bucket.INPUT);
        assertEquals("min_prompt_128000", max.tiers().stream().filter(t -> t.applies(150_000, null)).findFirst().orElseThrow().name());
    }

    @Test
    void reasoningPriceIsKeptWhereListedAndFollowsTheOverriddenCompletion() {
        assertToken("3", entry(MODELS, "openrouter", "perplexity/sonar-deep-research").prices(), Bucket.REASONING);
        PriceEntry pro = entry(MODELS, "openrouter", "google/gemini-2.5-pro");
        assertToken("10", pro.prices(), Bucket.REASONING);
        assertToken("15", tier(pro, "min_prompt_200000").prices(), Bucket.OUTPUT);
        assertToken("15", tier(pro, "min_prompt_200000").prices(), Bucket.REASONING);
        assertNull(entry(MODELS, "openrouter", "anthropic/claude-sonnet-4.5").prices().token(Bucket.REASONING));
    }

    @Test
    void imageAndAudioPricesArePerTokenUnits() {
        assertUnit("0.00003", entry(MODELS, "openrouter", "google/gemini-2.5-flash-image").prices(), UsageUnits.OUTPUT_IMAGE_TOKENS);
        assertUnit("0.0000003", entry(MODELS, "openrouter", "google/gemini-2.5-flash-image").prices(), UsageUnits.INPUT_IMAGE_TOKENS);
        assertUnit("0.000032", entry(MODELS, "openrouter", "openai/gpt-audio").prices(), UsageUnits.INPUT_AUDIO_TOKENS);
        assertUnit("0.000064", entry(MODELS, "openrouter", "openai/gpt-audio").prices(), UsageUnits.OUTPUT_AUDIO_TOKENS);
    }

    @Test
    void priceStringsAreReadExactlyEvenWhenTheyCarryFloatNoise() {
        // OpenRouter's own text is "0.0000006000000000000001": kept as written, not rounded
        assertEquals(new BigDecimal("0.6000000000000001"), entry(MODELS, "openrouter", "openai/gpt-5.6-luna").prices().token(Bucket.OUTPUT));
    }

    @Test
    void zeroReasoningMeansBilledAsCompletionAndANegativeOverrideSkipsTheModel() throws IOException {
        ImportedCatalogue c = Catalogues.readJson(IMPORTER, """
                {"data": [
                  {"id": "a/think", "canonical_slug": "a/think-2026", "pricing": {"prompt": "0.000001", "completion": "0.000002",
                    "internal_reasoning": "0", "request": "0.001", "overrides": [{"min_prompt_tokens": 1000, "prompt": "-1"}]}},
                  {"id": "a/plain", "canonical_slug": "a/plain-2026", "pricing": {"prompt": "0.000001", "completion": "0.000002",
                    "internal_reasoning": "0", "request": "0.001"}},
                  {"id": "a/plain", "pricing": {"prompt": "0.000009", "completion": "0.000009"}}]}
                """);
        assertEquals(List.of("a/plain"), c.entries().stream().map(PriceEntry::model).toList());
        PriceEntry plain = c.entries().get(0);
        assertEquals(List.of("a/plain-2026"), plain.aliases());
        assertNull(plain.prices().token(Bucket.REASONING));
        assertToken("2", plain.prices(), Bucket.OUTPUT);
        assertUnit("0.001", plain.prices(), UsageUnits.REQUESTS);
        assertTrue(c.skipped().get(0).startsWith("a/think: price -1 for prompt"), c.skipped().toString());
        assertTrue(c.skipped().get(1).startsWith("a/plain: same provider and model as a/plain"), c.skipped().toString());
    }
}
