package dev.tokenledger.pricing.importer;

import dev.tokenledger.pricing.price.PriceEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the entries of one price list the same way for every format: a model that cannot be
 * read is skipped with why, a second model with the same provider and id is skipped (the first is
 * kept), and notes about a kept model go to {@code skipped} too.
 */
final class EntryCollector {

    /** Reads one model; throws IllegalArgumentException (its message is the reason) when it cannot. */
    interface EntryReader {
        PriceEntry read(List<String> notes);
    }

    private final List<PriceEntry> entries = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Map<String, String> firstNameOf = new HashMap<>();

    void add(String name, EntryReader reader) {
        List<String> notes = new ArrayList<>();
        PriceEntry entry;
        try {
            entry = reader.read(notes);
        } catch (IllegalArgumentException e) {
            skip(name, e.getMessage());
            return;
        }
        String first = firstNameOf.putIfAbsent(entry.key(), name);
        if (first != null) {
            skip(name, "same provider and model as " + first + " (" + entry.key() + "); the first is kept");
            return;
        }
        entries.add(entry);
        notes.forEach(n -> skip(name, n));
    }

    void skip(String name, String why) {
        skipped.add(name + ": " + why);
    }

    List<PriceEntry> entries() {
        return entries;
    }

    List<String> skipped() {
        return skipped;
    }
}
