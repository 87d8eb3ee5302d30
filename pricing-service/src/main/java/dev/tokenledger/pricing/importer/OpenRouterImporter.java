package dev.tokenledger.pricing.importer;

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

/**
 * Reads OpenRouter's {@code GET /api/v1/models} response: provider {@code openrouter}, model =
 * {@code id}. Its {@code canonical_slug} becomes an alias, except for variants ({@code :free},
 * {@code :thinking}), whose slug is the base model's, and except where the slug is another model's
 * id or shared: an alias must name one model only. Prices are decimal strings in USD per token,
 * per request ({@code request}) or per search ({@code web_search}).
 *
 * <ul>
 *   <li>{@code internal_reasoning} of {@code "0"} means reasoning is billed as completion, so no
 *       reasoning price is recorded; any other {@code "0"} is a real zero (free models).
 *   <li>{@code image}, {@code image_output}, {@code audio}, {@code audio_output} and
 *       {@code input_audio_cache} are per token in this API (Gemini's {@code image_output} is
 *       0.00003 = $30 per million image tokens), so they become {@code *_tokens} units at the
 *       per-token price, not per-image prices.
 *   <li>A negative price ({@code "-1"}: a router such as {@code openrouter/auto}, priced as the model
 *       it picks) skips the model.
 *   <li>{@code overrides} with {@code min_prompt_tokens} N become tier {@code min_prompt_<N>}:
 *       prompt of at least N tokens, larger N checked first; reasoning follows the tier's
 *       completion price where the base bills reasoning as completion.
 * </ul>
 * Unknown pricing keys are ignored. Stateless and thread-safe.
 */
public final class OpenRouterImporter implements PriceListImporter {

    public static final String SOURCE = "openrouter";
    public static final String PROVIDER = "openrouter";

    private static final Map<String, Bucket> TOKEN_KEYS = Map.of(
            "prompt", Bucket.INPUT,
            "completion", Bucket.OUTPUT,
            "input_cache_read", Bucket.CACHE_READ,
            "input_cache_write", Bucket.CACHE_WRITE,
            "input_cache_write_1h", Bucket.CACHE_WRITE_1H,
            "internal_reasoning", Bucket.REASONING);

    private static final Map<String, String> UNIT_KEYS = Map.of(
            "request", UsageUnits.REQUESTS,
            "web_search", UsageUnits.WEB_SEARCH_CALLS,
            "image", UsageUnits.INPUT_IMAGE_TOKENS,
            "image_output", UsageUnits.OUTPUT_IMAGE_TOKENS,
            "audio", UsageUnits.INPUT_AUDIO_TOKENS,
            "audio_output", UsageUnits.OUTPUT_AUDIO_TOKENS,
            "input_audio_cache", UsageUnits.INPUT_CACHED_AUDIO_TOKENS);

    /** Priority of the smallest threshold; larger thresholds get smaller numbers (checked first). */
    private static final long LOWEST_PRIORITY = 1_000_000_000L;

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public ImportedCatalogue read(InputStream json, Instant effectiveFrom) throws IOException {
        JsonNode root = Decimals.readTree(json);
        JsonNode data = root.isObject() ? root.get("data") : root;
        if (data == null || !data.isArray()) {
            throw new IOException("an OpenRouter model list is {\"data\": [...]}");
        }
        EntryCollector collected = new EntryCollector();
        for (int i = 0; i < data.size(); i++) {
            JsonNode model = data.get(i);
            JsonNode idNode = model.get("id");
            if (idNode == null || !idNode.isTextual() || idNode.textValue().isBlank()) {
                collected.skip("data[" + i + "]", "no id");
                continue;
            }
            String id = idNode.textValue().trim();
            collected.add(id, notes -> entry(id, model, effectiveFrom, notes));
        }
        List<String> skipped = new ArrayList<>(collected.skipped());
        return new ImportedCatalogue(SOURCE, withUnambiguousAliases(collected.entries(), skipped), skipped);
    }

    private static List<PriceEntry> withUnambiguousAliases(List<PriceEntry> entries, List<String> skipped) {
        Map<String, Integer> names = new HashMap<>();
        entries.forEach(e -> {
            names.merge(e.model(), 1, Integer::sum);
            e.aliases().forEach(a -> names.merge(a, 1, Integer::sum));
        });
        List<PriceEntry> result = new ArrayList<>(entries.size());
        for (PriceEntry e : entries) {
            List<String> kept = e.aliases().stream().filter(a -> names.get(a) == 1).toList();
            if (kept.size() == e.aliases().size()) {
                result.add(e);
                continue;
            }
            e.aliases().stream().filter(a -> !kept.contains(a))
                    .forEach(a -> skipped.add(e.model() + ": alias " + a + " dropped: another model has that id or slug"));
            result.add(new PriceEntry(e.id(), e.scope(), e.source(), e.provider(), e.model(), kept, e.matchPattern(), e.effectiveFrom(),
                    e.effectiveTo(), e.currency(), e.prices(), e.tiers(), e.fees()));
        }
        return result;
    }

    private static PriceEntry entry(String id, JsonNode model, Instant effectiveFrom, List<String> notes) {
        JsonNode pricing = model.get("pricing");
        if (pricing == null || !pricing.isObject()) {
            throw new IllegalArgumentException("no pricing");
        }
        SheetCollector base = sheet(pricing, "pricing", notes);
        List<PriceTier> tiers = new ArrayList<>();
        JsonNode overrides = pricing.get("overrides");
        if (overrides != null && !overrides.isNull()) {
            if (!overrides.isArray()) {
                throw new IllegalArgumentException("pricing.overrides is not a list");
            }
            for (JsonNode override : overrides) {
                long min = Decimals.wholeNumber(override.get("min_prompt_tokens"), "overrides.min_prompt_tokens");
                SheetCollector sheet = sheet(override, "overrides[" + min + "]", notes);
                if (sheet.isEmpty()) {
                    notes.add("override at " + min + " prompt tokens lists no price; ignored");
                    continue;
                }
                sheet.reasoningFollowsOutput(base);
                int priority = (int) Math.max(0, LOWEST_PRIORITY - min);
                tiers.add(new PriceTier("min_prompt_" + min, priority, List.of(TierCondition.promptTokensAtLeast(min)), sheet.build(), null));
            }
        }
        if (base.isEmpty() && tiers.isEmpty()) {
            throw new IllegalArgumentException("no price");
        }
        JsonNode slug = model.get("canonical_slug");
        boolean variant = id.indexOf(':') > 0;
        List<String> aliases = !variant && slug != null && slug.isTextual() && !slug.textValue().isBlank() && !slug.textValue().trim().equals(id)
                ? List.of(slug.textValue().trim()) : List.of();
        return new PriceEntry(0, PriceEntry.GLOBAL, SOURCE, PROVIDER, id, aliases, null, effectiveFrom, null, "USD",
                base.build(), tiers, List.of());
    }

    /** The prices of one {@code pricing} object or one override. */
    private static SheetCollector sheet(JsonNode prices, String where, List<String> notes) {
        SheetCollector sheet = new SheetCollector();
        for (Map.Entry<String, JsonNode> p : prices.properties()) {
            String key = p.getKey();
            Bucket bucket = TOKEN_KEYS.get(key);
            String unit = UNIT_KEYS.get(key);
            if (bucket == null && unit == null) {
                continue;
            }
            BigDecimal perToken = Decimals.exact(p.getValue());
            if (perToken == null) {
                continue;
            }
            if (perToken.signum() < 0) {
                throw new IllegalArgumentException("price " + perToken.toPlainString() + " for " + key
                        + " (a router, priced as the model it routes to)");
            }
            if (bucket == Bucket.REASONING && perToken.signum() == 0) {
                continue; // "0" here means reasoning is billed as completion
            }
            String note = bucket != null
                    ? sheet.token(bucket, perToken.movePointRight(6), where + "." + key)
                    : sheet.unit(unit, perToken, where + "." + key);
            if (note != null) {
                notes.add(note);
            }
        }
        return sheet;
    }
}
