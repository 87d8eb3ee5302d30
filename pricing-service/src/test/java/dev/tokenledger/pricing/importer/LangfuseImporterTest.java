package dev.tokenledger.pricing.importer;

import dev.tokenledger.common.events.UsageUnits;
import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceSheet;
import dev.tokenledger.pricing.price.PriceTier;
import dev.tokenledger.pricing.price.TierCondition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.tokenledger.pricing.importer.Catalogues.assertToken;
import static dev.tokenledger.pricing.importer.Catalogues.assertUnit;
import static dev.tokenledger.pricing.importer.Catalogues.entry;
import static dev.tokenledger.pricing.importer.Catalogues.tier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LangfuseImporterTest {

    private static final LangfuseImporter IMPORTER = new LangfuseImporter();
    private static final ImportedCatalogue MODELS = Catalogues.read(IMPORTER, Catalogues.LANGFUSE);
    private static final String ANY = PriceEntry.ANY_PROVIDER;

    private static int elements() throws IOException {
        try (InputStream in = Catalogues.open(Catalogues.LANGFUSE)) {
            return Decimals.readTree(in).size();
        }
    }

    @Test
    void everyModelIsImportedForAnyProviderExceptThoseSkippedWithAReason() throws IOException {
        // lines about one tier or one price of an imported model are notes, not skipped models
        long skippedModels = MODELS.skipped().stream().filter(s -> !s.contains(": tier '") && !s.contains(" ignored: ")).count();
        assertEquals(167, elements());
        assertEquals(elements() - skippedModels, MODELS.entries().size());
        assertEquals(167, MODELS.entries().size());
        assertTrue(MODELS.entries().stream().allMatch(e -> e.provider().equals(ANY) && e.source().equals("langfuse") && e.matchPattern() != null));
    }

    @Test
    void gemini25ProLargeContextTierIsAPromptTokensCondition() {
        PriceEntry pro = entry(MODELS, ANY, "gemini-2.5-pro");
        assertToken("1.25", pro.prices(), Bucket.INPUT);
        assertToken("10", pro.prices(), Bucket.OUTPUT);
        assertToken("0.125", pro.prices(), Bucket.CACHE_READ);
        PriceTier large = tier(pro, "Large Context");
        assertEquals(1, large.priority());
        assertEquals(List.of(TierCondition.promptTokensAbove(200_000)), large.conditions());
        assertToken("2.5", large.prices(), Bucket.INPUT);
        assertToken("15", large.prices(), Bucket.OUTPUT);
        assertToken("0.25", large.prices(), Bucket.CACHE_READ);
        assertToken("15", large.prices(), Bucket.REASONING);
    }

    @Test
    void fastModeAndFlexTiersBecomeServiceTierConditions() {
        PriceEntry gpt5 = entry(MODELS, ANY, "gpt-5");
        PriceTier fast = tier(gpt5, "Fast mode");
        assertEquals(List.of(TierCondition.serviceTierIn("fast", "priority")), fast.conditions());
        assertToken("2.5", fast.prices(), Bucket.INPUT);
        assertToken("20", fast.prices(), Bucket.OUTPUT);
        PriceTier flex = tier(gpt5, "Flex");
        assertEquals(List.of(TierCondition.serviceTierIn("flex")), flex.conditions());
        assertToken("0.625", flex.prices(), Bucket.INPUT);
        assertTrue(fast.applies(10, "priority"));
    }

    @Test
    void combinedTiersKeepBothConditionsAndLangfusePriorities() {
        PriceEntry gpt54 = entry(MODELS, ANY, "gpt-5.4");
        assertEquals(List.of("Flex · Large context (>272K)", "Fast mode", "Flex", "Large Context (>272K)"),
                gpt54.tiers().stream().map(PriceTier::name).toList());
        PriceTier flexLarge = gpt54.tiers().get(0);
        assertEquals(List.of(TierCondition.serviceTierIn("flex"), TierCondition.promptTokensAbove(272_000)), flexLarge.conditions());
        assertToken("11.25", flexLarge.prices(), Bucket.OUTPUT);
        assertEquals("Flex", gpt54.tiers().stream().filter(t -> t.applies(100_000, "flex")).findFirst().orElseThrow().name());
        assertEquals("Flex · Large context (>272K)", gpt54.tiers().stream().filter(t -> t.applies(300_000, "flex")).findFirst().orElseThrow().name());
    }

    @Test
    void anthropicSpeedFastTierCannotBeEvaluatedAndIsSkippedWithAReason() {
        assertEquals(List.of(), entry(MODELS, ANY, "claude-opus-4-8").tiers());
        assertTrue(MODELS.skipped().stream().anyMatch(s -> s.startsWith("claude-opus-4-8: tier 'Fast mode' skipped: condition on model_parameters 'speed'")),
                MODELS.skipped().toString());
        assertEquals(2, MODELS.skipped().size(), MODELS.skipped().toString());
    }

    @Test
    void everyMatchPatternCompilesAndMatchesItsOwnModelNameWhereTheDataAllowsIt() {
        Set<String> notMatchingOwnName = new TreeSet<>();
        for (PriceEntry e : MODELS.entries()) {
            Pattern p = Pattern.compile(e.matchPattern());
            if (!p.matcher(e.model()).matches()) {
                notMatchingOwnName.add(e.model());
            }
        }
        // display names and fine-tune templates whose pattern describes other ids (Langfuse's data)
        assertEquals(Set.of("claude-3.5-haiku-latest", "claude-3.5-sonnet-20241022", "claude-3.5-sonnet-latest", "claude-3.7-sonnet-latest",
                "ft:babbage-002", "ft:davinci-002", "ft:gpt-3.5-turbo-0613", "ft:gpt-3.5-turbo-1106", "gpt-4-turbo-vision"), notMatchingOwnName);
        PriceEntry sonnet = entry(MODELS, ANY, "claude-sonnet-4-5-20250929");
        assertTrue(Pattern.compile(sonnet.matchPattern()).matcher("us.anthropic.claude-sonnet-4-5-20250929-v1:0").matches());
        assertTrue(Pattern.compile(sonnet.matchPattern()).matcher("Claude-Sonnet-4-5").matches(), "(?i) is kept");
    }

    @Test
    void priceAliasesFoldIntoOneBucketPerMeaning() {
        PriceSheet sonnet = entry(MODELS, ANY, "claude-sonnet-4-5-20250929").prices();
        assertToken("3", sonnet, Bucket.INPUT);
        assertToken("15", sonnet, Bucket.OUTPUT);
        assertToken("3.75", sonnet, Bucket.CACHE_WRITE);
        assertToken("6", sonnet, Bucket.CACHE_WRITE_1H);
        assertToken("0.3", sonnet, Bucket.CACHE_READ);
        assertEquals(java.util.Map.of(), sonnet.perUnit());

        PriceSheet flash = entry(MODELS, ANY, "gemini-2.5-flash").prices();
        assertToken("0.3", flash, Bucket.INPUT);
        assertToken("2.5", flash, Bucket.REASONING);
        assertToken("0.03", flash, Bucket.CACHE_READ);
        assertUnit("0.000001", flash, UsageUnits.INPUT_AUDIO_TOKENS);
        assertUnit("0.014", entry(MODELS, ANY, "gemini-3-pro-preview").prices(), UsageUnits.WEB_SEARCH_CALLS);

        PriceSheet realtime = entry(MODELS, ANY, "gpt-4o-realtime-preview").prices();
        assertToken("5", realtime, Bucket.INPUT);
        assertToken("2.5", realtime, Bucket.CACHE_READ);
        assertToken("20", realtime, Bucket.OUTPUT);
        assertUnit("0.0001", realtime, UsageUnits.INPUT_AUDIO_TOKENS);
        assertUnit("0.00002", realtime, UsageUnits.INPUT_CACHED_AUDIO_TOKENS);
        assertUnit("0.0002", realtime, UsageUnits.OUTPUT_AUDIO_TOKENS);
    }

    @Test
    void aTotalPriceChargesInputAndOutputAlike() {
        PriceSheet embedding = entry(MODELS, ANY, "text-embedding-3-small").prices();
        assertToken("0.02", embedding, Bucket.INPUT);
        assertToken("0.02", embedding, Bucket.OUTPUT);
    }

    @Test
    void conflictingAliasesKeepTheFirstAndUnsupportedConditionsDropTheirTier() throws IOException {
        ImportedCatalogue c = Catalogues.readJson(IMPORTER, """
                [{"modelName": "m1", "matchPattern": "(?i)^m1$", "pricingTiers": [
                   {"name": "Standard", "isDefault": true, "priority": 0, "conditions": [],
                    "prices": {"input": 1e-06, "input_tokens": 2e-06, "output": 4e-06, "custom_meter": 0.5}},
                   {"name": "Big output", "isDefault": false, "priority": 1,
                    "conditions": [{"usageDetailPattern": "(output)", "operator": "gt", "value": 1000}], "prices": {"input": 9e-06}},
                   {"name": "Long", "isDefault": false, "priority": 2,
                    "conditions": [{"usageDetailPattern": "(input|cached)", "operator": "gte", "value": 128000}], "prices": {"input": 2e-06}}]},
                 {"modelName": "m2", "matchPattern": "(?i)^(m2", "pricingTiers": [
                   {"name": "Standard", "isDefault": true, "priority": 0, "conditions": [], "prices": {"input": 1e-06}}]},
                 {"modelName": "m3", "matchPattern": "(?i)^m3$", "pricingTiers": [
                   {"name": "Standard", "isDefault": true, "priority": 0, "conditions": [], "prices": {"input": -1e-06}}]}]
                """);
        assertEquals(List.of("m1"), c.entries().stream().map(PriceEntry::model).toList());
        PriceEntry m1 = c.entries().get(0);
        assertToken("1", m1.prices(), Bucket.INPUT);
        assertUnit("0.5", m1.prices(), "custom_meter");
        assertEquals(List.of("Long"), m1.tiers().stream().map(PriceTier::name).toList());
        assertEquals(List.of(TierCondition.promptTokensAtLeast(128_000)), m1.tiers().get(0).conditions());
        List<String> s = c.skipped();
        assertTrue(s.stream().anyMatch(x -> x.equals("m1: Standard.input_tokens ignored: input per million 2 differs from 1 given by Standard.input")), s.toString());
        assertTrue(s.stream().anyMatch(x -> x.startsWith("m1: tier 'Big output' skipped: usage condition on '(output)'")), s.toString());
        assertTrue(s.stream().anyMatch(x -> x.startsWith("m2: matchPattern does not compile")), s.toString());
        assertTrue(s.stream().anyMatch(x -> x.startsWith("m3: negative price in Standard.input")), s.toString());
        assertEquals("(?i)^m1$", m1.matchPattern());
    }
}
