package dev.tokenledger.pricing.importer;

import dev.tokenledger.pricing.catalogue.ImportPlanner;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.pricer.PriceBook;

import java.util.ArrayList;
import java.util.List;

/**
 * The bundled price lists planned into versions in memory, exactly as the service stores them
 * (one import per list, in date order, each source closing what it no longer lists) — without a
 * database. For tests and the pricing-core benchmark.
 */
public final class BundledPriceBook {

    private BundledPriceBook() {
    }

    public static PriceBook build() {
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
        return new PriceBook(BundledCatalogue.LISTS.size(), live, List.of());
    }
}
