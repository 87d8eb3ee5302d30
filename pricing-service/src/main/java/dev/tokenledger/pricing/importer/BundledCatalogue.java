package dev.tokenledger.pricing.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The price lists shipped with the service (src/main/resources/catalogue, copies of
 * ../shared/data/pricing), imported in date order on first start so that the catalogue holds the
 * real price history: LiteLLM's map of 2025-07-24, 2026-01-24 and 2026-07-24, OpenRouter's model
 * list of 2026-08-01 and Langfuse's tiered list of 2026-08-21. Each list takes effect at the time
 * it was published.
 */
public final class BundledCatalogue {

    public record PriceList(PriceListFormat format, String resource, Instant effectiveFrom, String description) {

        public InputStream open() {
            InputStream in = BundledCatalogue.class.getResourceAsStream("/catalogue/" + resource);
            if (in == null) {
                throw new IllegalStateException("bundled price list missing: " + resource);
            }
            try {
                return new GZIPInputStream(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public ImportedCatalogue read() {
            try (InputStream in = open()) {
                return format.importer().read(in, effectiveFrom);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static final List<PriceList> LISTS = List.of(
            new PriceList(PriceListFormat.LITELLM, "litellm-2025-07-24T02-46-02Z.json.gz", Instant.parse("2025-07-24T02:46:02Z"),
                    "LiteLLM model price map as of 2025-07-24"),
            new PriceList(PriceListFormat.LITELLM, "litellm-2026-01-24T05-09-29Z.json.gz", Instant.parse("2026-01-24T05:09:29Z"),
                    "LiteLLM model price map as of 2026-01-24"),
            new PriceList(PriceListFormat.LITELLM, "litellm-2026-07-24T18-23-43Z.json.gz", Instant.parse("2026-07-24T18:23:43Z"),
                    "LiteLLM model price map as of 2026-07-24"),
            new PriceList(PriceListFormat.OPENROUTER, "openrouter-2026-08-01T00-00-00Z.json.gz", Instant.parse("2026-08-01T00:00:00Z"),
                    "OpenRouter models API as of 2026-08-01"),
            new PriceList(PriceListFormat.LANGFUSE, "langfuse-2026-08-21T00-00-00Z.json.gz", Instant.parse("2026-08-21T00:00:00Z"),
                    "Langfuse default model prices as of 2026-08-21"));

    private BundledCatalogue() {
    }
}
