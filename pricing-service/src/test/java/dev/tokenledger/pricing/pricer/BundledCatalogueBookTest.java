package dev.tokenledger.pricing.pricer;

import dev.tokenledger.pricing.importer.BundledPriceBook;
import dev.tokenledger.pricing.price.PriceEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The bundled price lists, planned into versions exactly as the service stores them (without a
 * database), resolve the models people send to the provider's own entry.
 */
class BundledCatalogueBookTest {

    static PriceBook book;

    @BeforeAll
    static void build() {
        book = BundledPriceBook.build();
    }

    static PriceEntry find(String provider, String model, String at) {
        PriceBook.Lookup l = book.find("t", provider, model, Instant.parse(at));
        assertNotNull(l.entry(), l.unpricedReason());
        return l.entry();
    }

    @Test
    void providerEntriesWinOverAnyProviderLists() {
        assertEquals("litellm", find("openai", "gpt-4o", "2026-11-01T00:00:00Z").source());
        assertEquals("openai", find("openai", "gpt-4o", "2026-11-01T00:00:00Z").provider());
        assertEquals("anthropic", find("anthropic", "claude-sonnet-4-5-20250929", "2026-11-01T00:00:00Z").provider());
        assertEquals("gemini", find("gemini", "gemini-2.5-pro", "2025-10-01T00:00:00Z").provider());
        assertEquals("openrouter", find("openrouter", "anthropic/claude-sonnet-4.5", "2026-11-01T00:00:00Z").provider());
    }
}
