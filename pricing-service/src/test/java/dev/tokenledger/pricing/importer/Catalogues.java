package dev.tokenledger.pricing.importer;

import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceSheet;
import dev.tokenledger.pricing.price.PriceTier;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The bundled price lists and small assertions shared by the importer tests. */
final class Catalogues {

    static final Instant FROM = Instant.parse("2026-08-01T00:00:00Z");
    static final String LITELLM_2025_07 = "litellm-2025-07-24T02-46-02Z.json.gz";
    static final String LITELLM_2026_01 = "litellm-2026-01-24T05-09-29Z.json.gz";
    static final String LITELLM_2026_07 = "litellm-2026-07-24T18-23-43Z.json.gz";
    static final String OPENROUTER = "openrouter-2026-08-01T00-00-00Z.json.gz";
    static final String LANGFUSE = "langfuse-2026-08-21T00-00-00Z.json.gz";

    private Catalogues() {
    }

    static InputStream open(String resource) throws IOException {
        InputStream in = Catalogues.class.getResourceAsStream("/catalogue/" + resource);
        assertNotNull(in, "bundled resource /catalogue/" + resource);
        return new GZIPInputStream(in);
    }

    static ImportedCatalogue read(PriceListImporter importer, String resource) {
        try (InputStream in = open(resource)) {
            return importer.read(in, FROM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImportedCatalogue readJson(PriceListImporter importer, String json) throws IOException {
        return importer.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), FROM);
    }

    static PriceEntry entry(ImportedCatalogue catalogue, String provider, String model) {
        return catalogue.entries().stream()
                .filter(e -> e.provider().equals(provider) && e.model().equals(model))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + provider + "/" + model));
    }

    static PriceTier tier(PriceEntry entry, String name) {
        return entry.tiers().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(entry.key() + " has no tier " + name + " (has " + entry.tiers().stream().map(PriceTier::name).toList() + ")"));
    }

    /** Exact decimal equality, whatever the scale: "22.5" equals 2.25E+1. */
    static void assertPrice(String expected, BigDecimal actual, String what) {
        assertNotNull(actual, what + " is not listed");
        assertEquals(0, new BigDecimal(expected).compareTo(actual), what + ": expected " + expected + " but was " + actual.toPlainString());
    }

    static void assertToken(String expectedPerMillion, PriceSheet sheet, Bucket bucket) {
        assertPrice(expectedPerMillion, sheet.token(bucket), bucket.wireName());
    }

    static void assertUnit(String expectedPerUnit, PriceSheet sheet, String unit) {
        assertPrice(expectedPerUnit, sheet.unit(unit), "unit " + unit);
    }
}
