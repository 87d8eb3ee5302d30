package dev.tokenledger.pricing.importer;

import dev.tokenledger.pricing.price.PriceEntry;

import java.util.List;

/**
 * What an importer read from one price list: the entries (all effective from the import's
 * {@code effective_from}, open-ended) and what it skipped, with why.
 */
public record ImportedCatalogue(String source, List<PriceEntry> entries, List<String> skipped) {

    public ImportedCatalogue {
        entries = List.copyOf(entries);
        skipped = List.copyOf(skipped);
    }
}
