package dev.tokenledger.pricing.importer;

import dev.tokenledger.pricing.price.ModelPattern;

import dev.tokenledger.common.events.UsageUnits;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceTier;
import dev.tokenledger.pricing.price.TierCondition;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads Langfuse's {@code default-model-prices.json}: one entry per model for any provider
 * ({@code *}), matched by its {@code matchPattern}. The default tier gives the base prices; other
 * tiers keep their name and priority. Prices are USD per usage unit; the many usage-detail names
 * Langfuse lists for one price (OpenAI, Anthropic and Gemini spellings) fold into one bucket,
 * the first listed wins and a different price under another alias is noted in {@code skipped}.
 *
 * <ul>
 *   <li>{@code total} (old completion and embedding models) prices input and output alike.
 *   <li>Audio, image and grounding keys become units ({@code audio_input_tokens},
 *       {@code web_search_calls}, ...) at the price as listed; unknown keys become units named by
 *       the key.
 *   <li>A usage condition whose {@code usageDetailPattern} selects prompt details (input, prompt,
 *       cached, cache writes) becomes a prompt-tokens condition; a {@code service_tier} parameter
 *       condition becomes a service-tier condition. A tier with any other condition (e.g.
 *       Anthropic's {@code speed: fast}) cannot be evaluated here and is skipped.
 * </ul>
 * Stateless and thread-safe.
 */
public final class LangfuseImporter implements PriceListImporter {

    public static final String SOURCE = "langfuse";

    private static final Map<String, Bucket> BUCKET_KEYS = buckets();
    private static final Map<String, String> UNIT_KEYS = Map.ofEntries(
            Map.entry("input_audio", UsageUnits.INPUT_AUDIO_TOKENS),
            Map.entry("input_audio_tokens", UsageUnits.INPUT_AUDIO_TOKENS),
            Map.entry("output_audio", UsageUnits.OUTPUT_AUDIO_TOKENS),
            Map.entry("output_audio_tokens", UsageUnits.OUTPUT_AUDIO_TOKENS),
            Map.entry("input_cached_audio_tokens", UsageUnits.INPUT_CACHED_AUDIO_TOKENS),
            Map.entry("input_image", UsageUnits.INPUT_IMAGE_TOKENS),
            Map.entry("grounding_queries", UsageUnits.WEB_SEARCH_CALLS),
            Map.entry("groundingQueries", UsageUnits.WEB_SEARCH_CALLS),
            Map.entry("web_search_queries", UsageUnits.WEB_SEARCH_CALLS),
            Map.entry("webSearchQueries", UsageUnits.WEB_SEARCH_CALLS));
    private static final String TOTAL = "total";
    private static final Set<String> COMPARISONS = Set.of("gt", "gte", "lt", "lte");

    private static Map<String, Bucket> buckets() {
        Map<String, Bucket> m = new HashMap<>();
        for (String k : List.of("input", "input_tokens", "prompt_tokens", "input_text", "input_text_tokens", "input_modality_1",
                "prompt_token_count", "promptTokenCount")) {
            m.put(k, Bucket.INPUT);
        }
        for (String k : List.of("output", "output_tokens", "completion_tokens", "output_text", "output_text_tokens", "output_modality_1",
                "candidates_token_count", "candidatesTokenCount")) {
            m.put(k, Bucket.OUTPUT);
        }
        for (String k : List.of("input_cache_read", "input_cached_tokens", "cache_read_input_tokens", "input_cached_text_tokens",
                "cached_content_token_count")) {
            m.put(k, Bucket.CACHE_READ);
        }
        for (String k : List.of("input_cache_creation", "input_cache_creation_5m", "cache_creation_input_tokens", "input_cache_write",
                "cache_write_tokens")) {
            m.put(k, Bucket.CACHE_WRITE);
        }
        m.put("input_cache_creation_1h", Bucket.CACHE_WRITE_1H);
        for (String k : List.of("output_reasoning", "output_reasoning_tokens", "reasoning_tokens", "thoughts_token_count", "thoughtsTokenCount")) {
            m.put(k, Bucket.REASONING);
        }
        return Map.copyOf(m);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public ImportedCatalogue read(InputStream json, Instant effectiveFrom) throws IOException {
        JsonNode root = Decimals.readTree(json);
        if (!root.isArray()) {
            throw new IOException("a Langfuse model price list is a JSON array of models");
        }
        EntryCollector collected = new EntryCollector();
        for (int i = 0; i < root.size(); i++) {
            JsonNode model = root.get(i);
            JsonNode nameNode = model.get("modelName");
            if (nameNode == null || !nameNode.isTextual() || nameNode.textValue().isBlank()) {
                collected.skip("[" + i + "]", "no modelName");
                continue;
            }
            String name = nameNode.textValue().trim();
            collected.add(name, notes -> entry(name, model, effectiveFrom, notes));
        }
        return new ImportedCatalogue(SOURCE, collected.entries(), collected.skipped());
    }

    private static PriceEntry entry(String name, JsonNode model, Instant effectiveFrom, List<String> notes) {
        String pattern = matchPattern(model.get("matchPattern"));
        JsonNode tierNodes = model.get("pricingTiers");
        if (tierNodes == null || !tierNodes.isArray() || tierNodes.isEmpty()) {
            throw new IllegalArgumentException("no pricingTiers");
        }
        JsonNode defaultTier = null;
        for (JsonNode t : tierNodes) {
            if (t.path("isDefault").asBoolean(false)) {
                if (defaultTier != null) {
                    throw new IllegalArgumentException("more than one default tier");
                }
                defaultTier = t;
            }
        }
        if (defaultTier == null) {
            throw new IllegalArgumentException("no default tier");
        }
        SheetCollector base = sheet(defaultTier.get("prices"), "Standard", notes);
        List<PriceTier> tiers = new ArrayList<>();
        int index = 0;
        for (JsonNode t : tierNodes) {
            index++;
            if (t == defaultTier) {
                continue;
            }
            String tierName = t.path("name").asText("tier " + index);
            try {
                List<TierCondition> conditions = conditions(t.get("conditions"));
                SheetCollector sheet = sheet(t.get("prices"), tierName, notes);
                sheet.reasoningFollowsOutput(base);
                int priority = t.path("priority").canConvertToInt() ? t.path("priority").asInt() : 1000 + index;
                tiers.add(new PriceTier(tierName, priority, conditions, sheet.build(), null));
            } catch (IllegalArgumentException e) {
                notes.add("tier '" + tierName + "' skipped: " + e.getMessage());
            }
        }
        if (base.isEmpty() && tiers.isEmpty()) {
            throw new IllegalArgumentException("no price");
        }
        return new PriceEntry(0, PriceEntry.GLOBAL, SOURCE, PriceEntry.ANY_PROVIDER, name, List.of(), pattern, effectiveFrom, null, "USD",
                base.build(), tiers, List.of());
    }

    /**
     * The pattern as given when it compiles as a {@link ModelPattern}; otherwise with PostgreSQL's
     * word boundary {@code \\y} translated; otherwise the model is skipped (a pattern that does not
     * compile would match nothing, or the wrong thing).
     */
    static String matchPattern(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new IllegalArgumentException("matchPattern is not a regular expression");
        }
        String given = node.textValue();
        if (ModelPattern.compiles(given)) {
            return given;
        }
        // PostgreSQL's word boundary; RE2 reads the POSIX classes as they are
        String translated = given.replace("\\y", "\\b");
        if (ModelPattern.compiles(translated)) {
            return translated;
        }
        throw new IllegalArgumentException("matchPattern does not compile: " + given);
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static List<TierCondition> conditions(JsonNode nodes) {
        if (nodes == null || !nodes.isArray() || nodes.isEmpty()) {
            throw new IllegalArgumentException("a non-default tier without conditions");
        }
        List<TierCondition> conditions = new ArrayList<>();
        for (JsonNode c : nodes) {
            String operator = c.path("operator").asText("");
            if (c.hasNonNull("usageDetailPattern")) {
                String detail = c.get("usageDetailPattern").asText();
                if (!selectsPrompt(detail, c.path("caseSensitive").asBoolean(false))) {
                    throw new IllegalArgumentException("usage condition on '" + detail + "' is not about prompt tokens");
                }
                if (!COMPARISONS.contains(operator)) {
                    throw new IllegalArgumentException("usage condition operator '" + operator + "' is not gt, gte, lt or lte");
                }
                conditions.add(new TierCondition(TierCondition.PROMPT_TOKENS, operator, Decimals.wholeNumber(c.get("value"), "condition value"), null));
            } else if ("model_parameters".equals(c.path("source").asText()) && "service_tier".equals(c.path("key").asText())
                    && "in".equals(operator) && c.path("values").isArray()) {
                List<String> values = new ArrayList<>();
                c.get("values").forEach(v -> values.add(v.asText()));
                conditions.add(new TierCondition(TierCondition.SERVICE_TIER, "in", null, values));
            } else {
                throw new IllegalArgumentException("condition on " + c.path("source").asText("?") + " '" + c.path("key").asText("?")
                        + "' cannot be evaluated (only prompt tokens and service_tier)");
            }
        }
        return conditions;
    }

    /** Whether a usage-detail pattern sums prompt details (input, cached, cache writes) and no output details. */
    private static boolean selectsPrompt(String detailPattern, boolean caseSensitive) {
        Pattern p;
        try {
            p = Pattern.compile(detailPattern, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            return false;
        }
        boolean prompt = p.matcher("input").find() || p.matcher("prompt_tokens").find();
        boolean output = p.matcher("output").find() || p.matcher("completion_tokens").find();
        return prompt && !output;
    }

    private static SheetCollector sheet(JsonNode prices, String tierName, List<String> notes) {
        if (prices == null || !prices.isObject()) {
            throw new IllegalArgumentException("tier '" + tierName + "' has no prices");
        }
        SheetCollector sheet = new SheetCollector();
        BigDecimal total = null;
        for (Map.Entry<String, JsonNode> p : prices.properties()) {
            String key = p.getKey();
            BigDecimal price = Decimals.exact(p.getValue());
            if (price == null) {
                continue;
            }
            String where = tierName + "." + key;
            Bucket bucket = BUCKET_KEYS.get(key);
            String note;
            if (TOTAL.equals(key)) {
                total = price;
                note = null;
            } else if (bucket != null) {
                note = sheet.token(bucket, price.movePointRight(6), where);
            } else {
                note = sheet.unit(UNIT_KEYS.getOrDefault(key, key), price, where);
            }
            if (note != null) {
                notes.add(note);
            }
        }
        if (total != null) {
            // one price for every token: input and output alike, where not listed separately
            if (!sheet.has(Bucket.INPUT)) {
                sheet.token(Bucket.INPUT, total.movePointRight(6), tierName + ".total");
            }
            if (!sheet.has(Bucket.OUTPUT)) {
                sheet.token(Bucket.OUTPUT, total.movePointRight(6), tierName + ".total");
            }
        }
        return sheet;
    }
}
