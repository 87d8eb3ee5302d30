package dev.tokenledger.pricing.pricer;

import dev.tokenledger.pricing.catalogue.ImportPlanner;
import dev.tokenledger.pricing.importer.BundledCatalogue;
import dev.tokenledger.pricing.importer.ImportedCatalogue;
import dev.tokenledger.pricing.price.PriceEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        List<PriceEntry> live = new ArrayList<>();
        long id = 1;
        for (BundledCatalogue.PriceList list : BundledCatalogue.LISTS) {
            ImportedCatalogue read = list.read();
            List<PriceEntry> sameSource = live.stream().filter(e -> e.source().equals(read.source())).toList();
            ImportPlanner.Plan plan = ImportPlanner.plan(sameSource, read.entries(), list.effectiveFrom(), true);
            live.removeAll(plan.remove());
            for (PriceEntry e : plan.add()) {
                live.add(e.withId(id++));
            }
        }
        book = new PriceBook(5, live, List.of());
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
