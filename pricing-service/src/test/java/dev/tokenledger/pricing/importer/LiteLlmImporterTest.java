package dev.tokenledger.pricing.importer;

import dev.tokenledger.common.events.UsageUnits;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceSheet;
import dev.tokenledger.pricing.price.PriceTier;
import dev.tokenledger.pricing.price.ProviderNames;
import dev.tokenledger.pricing.price.TierCondition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.tokenledger.pricing.importer.Catalogues.assertToken;
import static dev.tokenledger.pricing.importer.Catalogues.assertUnit;
import static dev.tokenledger.pricing.importer.Catalogues.entry;
import static dev.tokenledger.pricing.importer.Catalogues.tier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiteLlmImporterTest {

    private static final LiteLlmImporter IMPORTER = new LiteLlmImporter();
    private static final ImportedCatalogue NEWEST = Catalogues.read(IMPORTER, Catalogues.LITELLM_2026_07);

    /** What the raw file says per top-level key: provider and input_cost_per_token exactly as written. */
    private record Raw(String provider, String inputText) {
    }

    private static Map<String, Raw> rawKeys(String resource) throws IOException {
        Map<String, Raw> keys = new LinkedHashMap<>();
        try (InputStream in = Catalogues.open(resource); JsonParser p = new JsonFactory().createParser(in)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    keys.put(key, new Raw(null, null));
                    continue;
                }
                String provider = null;
                String input = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("litellm_provider") && value == JsonToken.VALUE_STRING) {
                        provider = p.getText();
                    } else if (field.equals("input_cost_per_token") && value.isNumeric()) {
                        input = p.getText(); // the number's own text, no conversion at all
                    }
                    p.skipChildren();
                }
                keys.put(key, new Raw(provider, input));
            }
        }
        return keys;
    }

    @Test
    void everyKeyOfTheNewestMapIsImportedOrSkippedWithAReason() throws IOException {
        int keys = rawKeys(Catalogues.LITELLM_2026_07).size();
        assertEquals(2984, keys);
        assertTrue(NEWEST.entries().size() > 2500, "entries: " + NEWEST.entries().size());
        // this data has no partial notes, so every skipped line is one key
        assertEquals(keys, NEWEST.entries().size() + NEWEST.skipped().size());
        assertTrue(NEWEST.skipped().contains("sample_spec: not a model"));
        assertTrue(NEWEST.skipped().contains("fallback_generalizations: not a model"));
        assertTrue(NEWEST.entries().stream().allMatch(e -> e.source().equals("litellm") && e.scope().equals(PriceEntry.GLOBAL)
                && e.currency().equals("USD") && e.effectiveFrom().equals(Catalogues.FROM) && e.effectiveTo() == null
                && e.aliases().isEmpty() && e.matchPattern() == null && e.fees().isEmpty() && e.id() == 0));
        assertEquals(NEWEST.entries().size(), NEWEST.entries().stream().map(PriceEntry::key).distinct().count());
    }

    @Test
    void perTokenFloatsBecomeExactDecimalsPerMillion() throws IOException {
        Map<String, String> inputTextByKey = new LinkedHashMap<>();
        rawKeys(Catalogues.LITELLM_2026_07).forEach((key, raw) -> {
            if (raw.provider() != null && raw.inputText() != null) {
                String provider = ProviderNames.canonical(raw.provider());
                inputTextByKey.putIfAbsent(provider + "/" + LiteLlmImporter.modelId(key, raw.provider(), provider), raw.inputText());
            }
        });
        int compared = 0;
        for (PriceEntry e : NEWEST.entries()) {
            String text = inputTextByKey.get(e.key());
            if (text != null) {
                BigDecimal expected = new BigDecimal(text).movePointRight(6);
                assertEquals(0, expected.compareTo(e.prices().token(Bucket.INPUT)), e.key() + " input " + text);
                compared++;
            }
        }
        assertTrue(compared > 2000, "compared " + compared);
        // "3e-06" per token is 3 per million, with no trace of binary floating point
        assertEquals(new BigDecimal("3"), entry(NEWEST, "anthropic", "claude-sonnet-4-5").prices().token(Bucket.INPUT));
    }

    @Test
    void noFloatNoiseIsAddedToAnyPrice() throws IOException {
        Map<String, String> inputTextByKey = new LinkedHashMap<>();
        rawKeys(Catalogues.LITELLM_2026_07).forEach((key, raw) -> {
            if (raw.provider() != null && raw.inputText() != null) {
                String provider = ProviderNames.canonical(raw.provider());
                inputTextByKey.putIfAbsent(provider + "/" + LiteLlmImporter.modelId(key, raw.provider(), provider), raw.inputText());
            }
        });
        Set<String> longDigits = new TreeSet<>();
        for (PriceEntry e : NEWEST.entries()) {
            BigDecimal input = e.prices().token(Bucket.INPUT);
            String text = inputTextByKey.get(e.key());
            if (input == null || text == null) {
                continue;
            }
            assertTrue(input.precision() <= new BigDecimal(text).stripTrailingZeros().precision(), e.key() + " gained digits: " + input);
            if (input.precision() > 12) {
                longDigits.add(e.key());
            }
        }
        // the only long prices are float noise already present in LiteLLM's own text (Databricks DBU conversions)
        assertFalse(longDigits.isEmpty());
        assertTrue(longDigits.stream().allMatch(k -> k.startsWith("databricks/")), longDigits.toString());
    }

    @Test
    void gpt4oUnderOpenAiHasItsListedPricesAndServiceTiers() {
        PriceEntry gpt4o = entry(NEWEST, "openai", "gpt-4o");
        assertToken("2.5", gpt4o.prices(), Bucket.INPUT);
        assertToken("10", gpt4o.prices(), Bucket.OUTPUT);
        assertToken("1.25", gpt4o.prices(), Bucket.CACHE_READ);
        assertNull(gpt4o.prices().token(Bucket.CACHE_WRITE), "OpenAI lists no cache-write price");

        PriceTier batch = tier(gpt4o, "batch");
        assertEquals(List.of(TierCondition.serviceTierIn("batch")), batch.conditions());
        assertToken("1.25", batch.prices(), Bucket.INPUT);
        assertToken("5", batch.prices(), Bucket.OUTPUT);
        PriceTier priority = tier(gpt4o, "priority");
        assertEquals(List.of(TierCondition.serviceTierIn("priority")), priority.conditions());
        assertToken("4.25", priority.prices(), Bucket.INPUT);
        assertToken("17", priority.prices(), Bucket.OUTPUT);
        assertToken("2.125", priority.prices(), Bucket.CACHE_READ);
    }

    @Test
    void claudeSonnet45HasBothCacheWritePricesAndAnAbove200kTier() {
        PriceEntry sonnet = entry(NEWEST, "anthropic", "claude-sonnet-4-5");
        assertToken("3", sonnet.prices(), Bucket.INPUT);
        assertToken("15", sonnet.prices(), Bucket.OUTPUT);
        assertToken("3.75", sonnet.prices(), Bucket.CACHE_WRITE);
        assertToken("6", sonnet.prices(), Bucket.CACHE_WRITE_1H);
        assertToken("0.3", sonnet.prices(), Bucket.CACHE_READ);
        assertUnit("0.01", sonnet.prices(), UsageUnits.WEB_SEARCH_CALLS);

        PriceTier longContext = tier(sonnet, "above_200k");
        assertEquals(List.of(TierCondition.promptTokensAbove(200_000)), longContext.conditions());
        assertToken("6", longContext.prices(), Bucket.INPUT);
        assertToken("22.5", longContext.prices(), Bucket.OUTPUT);
        assertToken("0.6", longContext.prices(), Bucket.CACHE_READ);
        assertToken("7.5", longContext.prices(), Bucket.CACHE_WRITE);
        assertToken("12", longContext.prices(), Bucket.CACHE_WRITE_1H);
        assertTrue(longContext.applies(200_001, null));
        assertFalse(longContext.applies(200_000, null));
    }

    @Test
    void geminiRouteKeyLosesItsPrefixAndKeepsTheLongContextTier() {
        PriceEntry pro = entry(NEWEST, "gemini", "gemini-2.5-pro");
        assertToken("1.25", pro.prices(), Bucket.INPUT);
        assertToken("0.125", pro.prices(), Bucket.CACHE_READ);
        PriceTier longContext = tier(pro, "above_200k");
        assertToken("2.5", longContext.prices(), Bucket.INPUT);
        assertToken("0.25", longContext.prices(), Bucket.CACHE_READ);
        assertToken("15", longContext.prices(), Bucket.OUTPUT);
        // the unprefixed key belongs to Vertex AI (vertex_ai-language-models)
        assertToken("1.25", entry(NEWEST, "vertex_ai", "gemini-2.5-pro").prices(), Bucket.INPUT);
    }

    @Test
    void routePrefixIsStrippedOnlyWhenItNamesTheEntrysProvider() {
        assertEquals("gemini-2.5-pro", LiteLlmImporter.modelId("gemini/gemini-2.5-pro", "gemini", "gemini"));
        assertEquals("anthropic/claude-3.5-sonnet", LiteLlmImporter.modelId("openrouter/anthropic/claude-3.5-sonnet", "openrouter", "openrouter"));
        assertEquals("gpt-4o", LiteLlmImporter.modelId("azure/gpt-4o", "azure", "azure"));
        assertEquals("gpt-4o", LiteLlmImporter.modelId("gpt-4o", "openai", "openai"));
        assertEquals("claude-sonnet-4-5", LiteLlmImporter.modelId("vertex_ai/claude-sonnet-4-5", "vertex_ai-anthropic_models", "vertex_ai"));
        assertEquals("1024-x-1024/dall-e-2", LiteLlmImporter.modelId("1024-x-1024/dall-e-2", "openai", "openai"));
        assertToken("3", entry(NEWEST, "openrouter", "anthropic/claude-3.5-sonnet").prices(), Bucket.INPUT);
        assertToken("2.5", entry(NEWEST, "azure", "gpt-4o").prices(), Bucket.INPUT);
    }

    @Test
    void batchFlexAndPriorityFieldsBecomeServiceTierTiers() {
        PriceEntry gpt54 = entry(NEWEST, "openai", "gpt-5.4");
        assertToken("1.25", tier(gpt54, "batch").prices(), Bucket.INPUT);
        assertToken("7.5", tier(gpt54, "batch").prices(), Bucket.OUTPUT);
        assertToken("1.25", tier(gpt54, "flex").prices(), Bucket.INPUT);
        assertToken("0.13", tier(gpt54, "flex").prices(), Bucket.CACHE_READ);
        assertEquals(List.of(TierCondition.serviceTierIn("flex")), tier(gpt54, "flex").conditions());
        assertToken("5", tier(gpt54, "priority").prices(), Bucket.INPUT);
        assertToken("5", tier(gpt54, "above_272k").prices(), Bucket.INPUT);
        assertEquals(List.of(TierCondition.promptTokensAbove(272_000)), tier(gpt54, "above_272k").conditions());
    }

    @Test
    void aPriorityRequestWithALongPromptGetsTheCombinedTier() {
        PriceEntry azure = entry(NEWEST, "azure", "gpt-5.4");
        PriceTier combined = tier(azure, "priority_above_272k");
        assertEquals(List.of(TierCondition.serviceTierIn("priority"), TierCondition.promptTokensAbove(272_000)), combined.conditions());
        assertToken("10", combined.prices(), Bucket.INPUT);
        assertToken("45", combined.prices(), Bucket.OUTPUT);
        assertToken("1", combined.prices(), Bucket.CACHE_READ);

        assertEquals("priority_above_272k", firstApplying(azure, 300_000, "priority"));
        assertEquals("priority", firstApplying(azure, 100_000, "priority"));
        assertEquals("above_272k", firstApplying(azure, 300_000, null));
        assertNull(firstApplying(azure, 100_000, null));
        // without a combined tier the explicit service tier wins over the long-context one
        assertEquals("priority", firstApplying(entry(NEWEST, "openai", "gpt-5.4"), 300_000, "priority"));
    }

    private static String firstApplying(PriceEntry entry, long prompt, String serviceTier) {
        return entry.tiers().stream().filter(t -> t.applies(prompt, serviceTier)).map(PriceTier::name).findFirst().orElse(null);
    }

    @Test
    void reasoningInATierFollowsTheTierOutputWhereTheBaseBillsReasoningAsOutput() {
        // gemini/gemini-3.1-flash-lite lists reasoning = output = 1.5e-06 and a batch output of 7.5e-07, no batch reasoning
        PriceEntry lite = entry(NEWEST, "gemini", "gemini-3.1-flash-lite");
        assertToken("1.5", lite.prices(), Bucket.REASONING);
        assertToken("0.75", tier(lite, "batch").prices(), Bucket.OUTPUT);
        assertToken("0.75", tier(lite, "batch").prices(), Bucket.REASONING);
    }

    @Test
    void tieredPricingBandsBecomePromptTiersAboveTheirStart() {
        PriceEntry plus = entry(NEWEST, "dashscope", "qwen-plus-latest");
        assertToken("0.4", plus.prices(), Bucket.INPUT);
        assertToken("1.2", plus.prices(), Bucket.OUTPUT);
        assertToken("4", plus.prices(), Bucket.REASONING);
        PriceTier band = tier(plus, "range_256000");
        assertEquals(List.of(TierCondition.promptTokensAbove(256_000)), band.conditions());
        assertToken("1.2", band.prices(), Bucket.INPUT);
        assertToken("3.6", band.prices(), Bucket.OUTPUT);
        assertToken("12", band.prices(), Bucket.REASONING);

        PriceEntry coder = entry(NEWEST, "dashscope", "qwen3-coder-plus");
        assertEquals(List.of("range_256000", "range_128000", "range_32000"), coder.tiers().stream().map(PriceTier::name).toList());
        assertToken("0.1", coder.prices(), Bucket.CACHE_READ);
        assertEquals("range_32000", firstApplying(coder, 100_000, null));
        assertNull(firstApplying(coder, 32_000, null), "a band starts above its lower bound");
    }

    @Test
    void olderMapHasTheOlderGeminiCacheReadPrice() throws IOException {
        ImportedCatalogue old = Catalogues.read(IMPORTER, Catalogues.LITELLM_2025_07);
        assertEquals(rawKeys(Catalogues.LITELLM_2025_07).size(), old.entries().size() + old.skipped().size());
        assertToken("0.3125", entry(old, "gemini", "gemini-2.5-pro").prices(), Bucket.CACHE_READ);
        assertTrue(entry(old, "openai", "gpt-4o").tiers().stream().noneMatch(t -> t.name().equals("priority")), "no _priority fields in 2025-07");
        ImportedCatalogue mid = Catalogues.read(IMPORTER, Catalogues.LITELLM_2026_01);
        assertEquals(rawKeys(Catalogues.LITELLM_2026_01).size(), mid.entries().size() + mid.skipped().size());
        assertToken("0.125", entry(mid, "gemini", "gemini-2.5-pro").prices(), Bucket.CACHE_READ);
    }

    @Test
    void unitPricesStayPerUnit() {
        assertUnit("0.04", entry(NEWEST, "openai", "dall-e-3").prices(), UsageUnits.INPUT_IMAGES);
        assertUnit("0.0001", entry(NEWEST, "openai", "whisper-1").prices(), UsageUnits.AUDIO_SECONDS);
        assertUnit("0.0001", entry(NEWEST, "openai", "whisper-1").prices(), UsageUnits.OUTPUT_AUDIO_SECONDS);
        assertUnit("0.00004", entry(NEWEST, "openai", "gpt-4o-audio-preview").prices(), UsageUnits.INPUT_AUDIO_TOKENS);
        PriceSheet sonar = entry(NEWEST, "perplexity", "sonar").prices();
        assertUnit("0.008", sonar, UsageUnits.WEB_SEARCH_CALLS);
        assertUnit("0.005", sonar, UsageUnits.WEB_SEARCH_CALLS_LOW);
        assertUnit("0.012", sonar, UsageUnits.WEB_SEARCH_CALLS_HIGH);
    }

    @Test
    void oddEntriesAreSkippedOrKeptAsTheListSays() throws IOException {
        ImportedCatalogue c = Catalogues.readJson(IMPORTER, """
                {"sample_spec": {"litellm_provider": "one of ...", "input_cost_per_token": 0.0},
                 "note": "a string",
                 "no-provider": {"input_cost_per_token": 1e-06},
                 "negative": {"litellm_provider": "openai", "input_cost_per_token": -1e-06},
                 "only-units": {"litellm_provider": "openai", "input_cost_per_query": 0.005},
                 "both-units": {"litellm_provider": "exa", "input_cost_per_request": 0.005, "input_cost_per_query": 0.006},
                 "pixels": {"litellm_provider": "openai", "input_cost_per_pixel": 1e-08},
                 "gpt-x": {"litellm_provider": "openai", "input_cost_per_token": 1.5e-06},
                 "openai/gpt-x": {"litellm_provider": "openai", "input_cost_per_token": 9e-06}}
                """);
        assertEquals(List.of("openai/only-units", "exa/both-units", "openai/gpt-x"), c.entries().stream().map(PriceEntry::key).toList());
        assertUnit("0.005", entry(c, "openai", "only-units").prices(), UsageUnits.REQUESTS);
        assertToken("1.5", entry(c, "openai", "gpt-x").prices(), Bucket.INPUT);
        List<String> reasons = new ArrayList<>(c.skipped());
        assertTrue(reasons.contains("sample_spec: not a model"), reasons.toString());
        assertTrue(reasons.contains("note: not a model (a string, not an object)"), reasons.toString());
        assertTrue(reasons.contains("no-provider: no litellm_provider"), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.equals("negative: negative price in input_cost_per_token (input per million -1)")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("pixels: no token, request")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("openai/gpt-x: same provider and model as gpt-x")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.equals("both-units: input_cost_per_query ignored: unit requests 0.006 differs from 0.005 given by input_cost_per_request")), reasons.toString());
    }
}
