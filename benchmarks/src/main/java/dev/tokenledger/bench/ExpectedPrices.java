package dev.tokenledger.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator's own price arithmetic, independent of the pricing-service code: unit prices are
 * read from the newest LiteLLM price list bundled with the pricing-service (the data, not the
 * code that imports it) and multiplied out with {@link BigDecimal}. Each case is checked once
 * against the pricing-service's quote API before a run; a case the two disagree on is reported and
 * left out rather than trusted.
 */
public final class ExpectedPrices {

    /** One model the generator sends: its unit prices per token, and what kinds of usage it gets. */
    public record Model(String provider, String model, BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite,
                        BigDecimal batchInput, BigDecimal batchOutput, Tier longContext) {

        /** Exact cost of a usage; the whole request moves to the long-context rates above the threshold. */
        public BigDecimal cost(Usage u) {
            boolean longRequest = longContext != null && u.promptTokens() > longContext.threshold();
            BigDecimal in = longRequest ? longContext.input() : u.batch() ? batchInput : input;
            BigDecimal out = longRequest ? longContext.output() : u.batch() ? batchOutput : output;
            BigDecimal read = longRequest ? longContext.cacheRead() : cacheRead;
            BigDecimal write = longRequest ? longContext.cacheWrite() : cacheWrite;
            BigDecimal cost = in.multiply(BigDecimal.valueOf(u.input())).add(out.multiply(BigDecimal.valueOf(u.output())));
            if (u.cacheRead() > 0) {
                cost = cost.add(read.multiply(BigDecimal.valueOf(u.cacheRead())));
            }
            if (u.cacheWrite() > 0) {
                cost = cost.add(write.multiply(BigDecimal.valueOf(u.cacheWrite())));
            }
            return cost;
        }
    }

    /** Long-context rates: over {@code threshold} prompt tokens (input + cache), every token at these rates. */
    public record Tier(long threshold, BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {
    }

    /** The canonical buckets the generator fills (every token in exactly one bucket); reasoning is part of output. */
    public record Usage(long input, long cacheRead, long cacheWrite, long output, long reasoning, boolean batch) {
        long promptTokens() {
            return input + cacheRead + cacheWrite;
        }
    }

    private ExpectedPrices() {
    }

    /** The generator's models, with the LiteLLM list's prices for them. */
    public static List<Model> read(Path litellmJson) throws IOException {
        JsonNode list;
        try (java.io.InputStream in = litellmJson.toString().endsWith(".gz")
                ? new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(litellmJson)) : java.nio.file.Files.newInputStream(litellmJson)) {
            list = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(in);
        }
        List<Model> models = new ArrayList<>();
        models.add(model(list, "openai", "gpt-4o-mini", false));
        models.add(model(list, "openai", "gpt-4o", false));
        models.add(model(list, "openai", "gpt-4.1-mini", false));
        models.add(model(list, "openai", "o3-mini", false));
        models.add(model(list, "anthropic", "claude-sonnet-4-5", true));
        models.add(model(list, "gemini", "gemini-2.0-flash", "gemini/gemini-2.0-flash", false));
        models.add(model(list, "mistral", "mistral-small-latest", "mistral/mistral-small-latest", false));
        models.add(model(list, "deepseek", "deepseek-chat", "deepseek/deepseek-chat", false));
        return models;
    }

    private static Model model(JsonNode list, String provider, String name, boolean longContext) {
        return model(list, provider, name, name, longContext);
    }

    /** {@code key}: the model's key in the LiteLLM list, which may carry a provider prefix ({@code gemini/…}). */
    private static Model model(JsonNode list, String provider, String name, String key, boolean longContext) {
        JsonNode e = list.path(key);
        if (e.isMissingNode()) {
            throw new IllegalStateException("the LiteLLM list has no " + name);
        }
        Tier tier = null;
        if (longContext && e.has("input_cost_per_token_above_200k_tokens")) {
            tier = new Tier(200_000, price(e, "input_cost_per_token_above_200k_tokens"), price(e, "output_cost_per_token_above_200k_tokens"),
                    price(e, "cache_read_input_token_cost_above_200k_tokens"), price(e, "cache_creation_input_token_cost_above_200k_tokens"));
        }
        BigDecimal input = price(e, "input_cost_per_token");
        BigDecimal output = price(e, "output_cost_per_token");
        // a cache bucket without a price of its own is billed at the input rate, never free
        BigDecimal cacheRead = e.has("cache_read_input_token_cost") ? price(e, "cache_read_input_token_cost") : input;
        BigDecimal cacheWrite = e.has("cache_creation_input_token_cost") ? price(e, "cache_creation_input_token_cost") : input;
        return new Model(provider, name, input, output, cacheRead, cacheWrite,
                e.has("input_cost_per_token_batches") ? price(e, "input_cost_per_token_batches") : null,
                e.has("output_cost_per_token_batches") ? price(e, "output_cost_per_token_batches") : null, tier);
    }

    /** The price as the list writes it (e.g. {@code 1.5e-07}), read as an exact decimal, never through a double. */
    private static BigDecimal price(JsonNode e, String field) {
        JsonNode v = e.path(field);
        return v.isMissingNode() || v.isNull() ? BigDecimal.ZERO : v.decimalValue();
    }
}
