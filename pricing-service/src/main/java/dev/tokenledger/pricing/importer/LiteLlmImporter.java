package dev.tokenledger.pricing.importer;

import dev.tokenledger.common.events.UsageUnits;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceTier;
import dev.tokenledger.pricing.price.ProviderNames;
import dev.tokenledger.pricing.price.TierCondition;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads LiteLLM's {@code model_prices_and_context_window.json}: one entry per model key, provider
 * from {@code litellm_provider} (canonical), model id without a route prefix naming that provider.
 * Per-token prices become per-million prices by moving the decimal point; unit prices stay as
 * listed.
 *
 * <p>Suffixed fields become tiers, each holding only the prices LiteLLM lists for it (anything else
 * falls back to the base price in the pricing core). Lower priority number is checked first:
 * <ol>
 *   <li>{@code <tier>_above_<N>k} (e.g. {@code input_cost_per_token_above_272k_tokens_priority}):
 *       service tier and prompt larger than N·1000 tokens, larger N first;
 *   <li>{@code batch}, {@code flex}, {@code priority} ({@code *_batches}, {@code *_flex},
 *       {@code *_priority}): the service tier the caller chose. Ranked before plain long-context
 *       tiers because it is an explicit choice with its own price list: a priority request of
 *       300k tokens gets the combined tier where listed, else the priority prices;
 *   <li>{@code above_<N>k}: prompt (input + cache reads + cache writes) larger than N·1000 tokens,
 *       larger N first;
 *   <li>{@code range_<lo>} from {@code tiered_pricing}: LiteLLM picks the band with
 *       {@code lo < prompt <= hi} and prices the whole request with it, and prompts above the
 *       last band use the last band, so a band is "prompt &gt; lo", larger lo first. The band
 *       starting at 0 gives the base prices when the entry lists none.
 * </ol>
 * Reasoning follows the output price in a tier where the base bills reasoning as output.
 * Stateless and thread-safe.
 */
public final class LiteLlmImporter implements PriceListImporter {

    public static final String SOURCE = "litellm";

    private static final Set<String> NOT_MODELS = Set.of("sample_spec", "fallback_generalizations");

    private static final Map<String, Bucket> TOKEN_FIELDS = Map.of(
            "input_cost_per_token", Bucket.INPUT,
            "cache_read_input_token_cost", Bucket.CACHE_READ,
            "cache_creation_input_token_cost", Bucket.CACHE_WRITE,
            "cache_creation_input_token_cost_above_1hr", Bucket.CACHE_WRITE_1H,
            "output_cost_per_token", Bucket.OUTPUT,
            "output_cost_per_reasoning_token", Bucket.REASONING);

    private static final Map<String, String> UNIT_FIELDS = Map.ofEntries(
            Map.entry("input_cost_per_request", UsageUnits.REQUESTS),
            Map.entry("input_cost_per_query", UsageUnits.REQUESTS),
            Map.entry("output_cost_per_image", UsageUnits.IMAGES),
            Map.entry("input_cost_per_image", UsageUnits.INPUT_IMAGES),
            Map.entry("input_cost_per_image_token", UsageUnits.INPUT_IMAGE_TOKENS),
            Map.entry("output_cost_per_image_token", UsageUnits.OUTPUT_IMAGE_TOKENS),
            Map.entry("input_cost_per_second", UsageUnits.AUDIO_SECONDS),
            Map.entry("output_cost_per_second", UsageUnits.OUTPUT_AUDIO_SECONDS),
            Map.entry("input_cost_per_audio_token", UsageUnits.INPUT_AUDIO_TOKENS),
            Map.entry("output_cost_per_audio_token", UsageUnits.OUTPUT_AUDIO_TOKENS));

    /** Longest first, so that {@code cache_creation_input_token_cost_above_1hr} is not read as a suffix. */
    private static final List<String> BASE_FIELDS = Stream.concat(TOKEN_FIELDS.keySet().stream(), UNIT_FIELDS.keySet().stream())
            .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
            .toList();

    private static final Pattern SUFFIX = Pattern.compile("(?:_above_(\\d{1,7})k_tokens)?(?:_(batches|flex|priority))?");
    private static final Map<String, String> SERVICE_TIERS = Map.of("batches", "batch", "flex", "flex", "priority", "priority");
    private static final List<String> SERVICE_ORDER = List.of("batch", "flex", "priority");

    private static final int COMBINED = 100_000;
    private static final int SERVICE = 200_000;
    private static final int LONG_CONTEXT = 300_000;
    private static final int RANGE = 400_000;

    /** A price field split into its base field and the tier its suffix names. */
    private record Field(String base, Long aboveTokens, String serviceTier) {
        boolean isBase() {
            return aboveTokens == null && serviceTier == null;
        }
    }

    private record TierKey(Long aboveTokens, String serviceTier) {
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public ImportedCatalogue read(InputStream json, Instant effectiveFrom) throws IOException {
        JsonNode root = Decimals.readTree(json);
        if (!root.isObject()) {
            throw new IOException("a LiteLLM price map is a JSON object keyed by model");
        }
        EntryCollector collected = new EntryCollector();
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            collected.add(property.getKey(), notes -> entry(property.getKey(), property.getValue(), effectiveFrom, notes));
        }
        return new ImportedCatalogue(SOURCE, collected.entries(), collected.skipped());
    }

    private static PriceEntry entry(String key, JsonNode node, Instant effectiveFrom, List<String> notes) {
        if (NOT_MODELS.contains(key)) {
            throw new IllegalArgumentException("not a model");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a model (a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object)");
        }
        JsonNode providerNode = node.get("litellm_provider");
        if (providerNode == null || !providerNode.isTextual() || providerNode.textValue().isBlank()) {
            throw new IllegalArgumentException(priceFields(node).isEmpty() ? "not a model (no litellm_provider, no price)" : "no litellm_provider");
        }
        String rawProvider = providerNode.textValue().trim();
        String provider = ProviderNames.canonical(rawProvider);

        SheetCollector base = new SheetCollector();
        Map<TierKey, SheetCollector> suffixed = new LinkedHashMap<>();
        TreeMap<Long, SheetCollector> bands = new TreeMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String field = f.getKey();
            JsonNode value = f.getValue();
            if (value.isNull()) {
                continue;
            }
            if (field.equals("search_context_cost_per_query")) {
                searchContext(base, value, notes);
            } else if (field.equals("tiered_pricing")) {
                tieredPricing(value, bands, notes);
            } else {
                Field parsed = parse(field);
                if (parsed != null) {
                    SheetCollector target = parsed.isBase() ? base
                            : suffixed.computeIfAbsent(new TierKey(parsed.aboveTokens(), parsed.serviceTier()), k -> new SheetCollector());
                    note(notes, add(target, parsed.base(), value, field));
                }
            }
        }

        SheetCollector firstBand = bands.remove(0L);
        if (firstBand != null && !base.has(Bucket.INPUT) && !base.has(Bucket.OUTPUT)) {
            base.fillFrom(firstBand);
        }
        List<PriceTier> tiers = new ArrayList<>();
        suffixed.forEach((k, sheet) -> tiers.add(tier(k, sheet, base)));
        bands.forEach((lo, sheet) -> {
            if (!sheet.isEmpty()) {
                sheet.reasoningFollowsOutput(base);
                tiers.add(new PriceTier("range_" + lo, RANGE - clamp(lo / 1000), List.of(TierCondition.promptTokensAbove(lo)), sheet.build(), null));
            }
        });
        if (base.isEmpty() && tiers.isEmpty()) {
            List<String> priceFields = priceFields(node);
            throw new IllegalArgumentException(priceFields.isEmpty() ? "no price field"
                    : "no token, request, image, audio or search price (only " + String.join(", ", priceFields.subList(0, Math.min(3, priceFields.size())))
                    + (priceFields.size() > 3 ? ", ..." : "") + ")");
        }
        return new PriceEntry(0, PriceEntry.GLOBAL, SOURCE, provider, modelId(key, rawProvider, provider), List.of(), null,
                effectiveFrom, null, "USD", base.build(), tiers, List.of());
    }

    /** The key without a leading route segment that names the entry's provider. */
    static String modelId(String key, String rawProvider, String provider) {
        int slash = key.indexOf('/');
        if (slash > 0 && slash < key.length() - 1) {
            String segment = key.substring(0, slash);
            if (segment.equals(rawProvider) || provider.equals(ProviderNames.canonical(segment))) {
                return key.substring(slash + 1);
            }
        }
        return key;
    }

    private static Field parse(String field) {
        for (String base : BASE_FIELDS) {
            if (field.startsWith(base)) {
                Matcher m = SUFFIX.matcher(field.substring(base.length()));
                if (m.matches()) {
                    return new Field(base, m.group(1) == null ? null : Long.parseLong(m.group(1)) * 1000,
                            m.group(2) == null ? null : SERVICE_TIERS.get(m.group(2)));
                }
            }
        }
        return null;
    }

    private static String add(SheetCollector sheet, String baseField, JsonNode value, String field) {
        Bucket bucket = TOKEN_FIELDS.get(baseField);
        return bucket != null
                ? sheet.token(bucket, Decimals.perMillion(value), field)
                : sheet.unit(UNIT_FIELDS.get(baseField), Decimals.exact(value), field);
    }

    private static PriceTier tier(TierKey key, SheetCollector sheet, SheetCollector base) {
        sheet.reasoningFollowsOutput(base);
        List<TierCondition> conditions = new ArrayList<>(2);
        String name;
        int priority;
        if (key.serviceTier() != null) {
            conditions.add(TierCondition.serviceTierIn(key.serviceTier()));
        }
        if (key.aboveTokens() != null) {
            conditions.add(TierCondition.promptTokensAbove(key.aboveTokens()));
            String above = "above_" + key.aboveTokens() / 1000 + "k";
            name = key.serviceTier() == null ? above : key.serviceTier() + "_" + above;
            priority = (key.serviceTier() == null ? LONG_CONTEXT : COMBINED) - clamp(key.aboveTokens() / 1000);
        } else {
            name = key.serviceTier();
            priority = SERVICE + SERVICE_ORDER.indexOf(key.serviceTier());
        }
        return new PriceTier(name, priority, conditions, sheet.build(), null);
    }

    private static void searchContext(SheetCollector base, JsonNode value, List<String> notes) {
        if (!value.isObject()) {
            throw new IllegalArgumentException("search_context_cost_per_query is not an object");
        }
        String f = "search_context_cost_per_query.search_context_size_";
        note(notes, base.unit(UsageUnits.WEB_SEARCH_CALLS, Decimals.exact(value.get("search_context_size_medium")), f + "medium"));
        note(notes, base.unit(UsageUnits.WEB_SEARCH_CALLS_LOW, Decimals.exact(value.get("search_context_size_low")), f + "low"));
        note(notes, base.unit(UsageUnits.WEB_SEARCH_CALLS_HIGH, Decimals.exact(value.get("search_context_size_high")), f + "high"));
    }

    private static void tieredPricing(JsonNode value, TreeMap<Long, SheetCollector> bands, List<String> notes) {
        if (!value.isArray()) {
            throw new IllegalArgumentException("tiered_pricing is not a list");
        }
        for (JsonNode band : value) {
            JsonNode range = band.get("range");
            if (range == null || !range.isArray() || range.size() != 2) {
                // e.g. search APIs priced by max_results_range: not a token band
                notes.add("tiered_pricing band without a token range ignored");
                continue;
            }
            long lo = Decimals.wholeNumber(range.get(0), "tiered_pricing range start");
            SheetCollector sheet = bands.computeIfAbsent(lo, k -> new SheetCollector());
            for (Map.Entry<String, JsonNode> f : band.properties()) {
                Field parsed = f.getKey().equals("range") ? null : parse(f.getKey());
                if (parsed != null && parsed.isBase() && !f.getValue().isNull()) {
                    note(notes, add(sheet, parsed.base(), f.getValue(), "tiered_pricing[" + lo + "]." + f.getKey()));
                }
            }
        }
    }

    private static List<String> priceFields(JsonNode node) {
        List<String> fields = new ArrayList<>();
        node.properties().forEach(f -> {
            if (f.getKey().contains("cost") || f.getKey().equals("tiered_pricing")) {
                fields.add(f.getKey());
            }
        });
        return fields;
    }

    private static int clamp(long thousands) {
        return (int) Math.max(0, Math.min(thousands, 99_999));
    }

    private static void note(List<String> notes, String note) {
        if (note != null) {
            notes.add(note);
        }
    }
}
