package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.pricing.price.PriceEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what a new catalogue version changes, without touching the database: which live rows
 * are removed and which rows are added, so that entries stay immutable and every older version
 * stays readable.
 *
 * <p>For each incoming entry: same prices as the open entry of its key → nothing; different → the
 * open entry is closed at {@code effectiveFrom} (removed, and re-added with an end) and the new
 * prices start there. With {@code closeMissing} (a full price list from one source) an open entry
 * the list no longer has is closed at {@code effectiveFrom}. A change that starts before the open
 * entry it replaces would rewrite history and is refused.
 */
public final class ImportPlanner {

    private ImportPlanner() {
    }

    public record Plan(List<PriceEntry> remove, List<PriceEntry> add, int added, int changed, int closed) {
        public boolean isEmpty() {
            return remove.isEmpty() && add.isEmpty();
        }
    }

    public static final class HistoryConflict extends IllegalArgumentException {
        public HistoryConflict(String message) {
            super(message);
        }
    }

    public static Plan plan(List<PriceEntry> live, List<PriceEntry> incoming, Instant effectiveFrom, boolean closeMissing) {
        Map<String, List<PriceEntry>> liveByKey = new HashMap<>();
        for (PriceEntry e : live) {
            liveByKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        Map<String, PriceEntry> incomingByKey = new LinkedHashMap<>();
        for (PriceEntry e : incoming) {
            if (incomingByKey.putIfAbsent(e.key(), e) != null) {
                throw new IllegalArgumentException("entry " + e.key() + " is given twice");
            }
        }
        List<PriceEntry> remove = new ArrayList<>();
        List<PriceEntry> add = new ArrayList<>();
        int added = 0;
        int changed = 0;
        int closed = 0;
        for (PriceEntry in : incomingByKey.values()) {
            Instant from = in.effectiveFrom() != null ? in.effectiveFrom() : effectiveFrom;
            List<PriceEntry> timeline = liveByKey.getOrDefault(in.key(), List.of());
            PriceEntry latest = timeline.stream().max(Comparator.comparing(PriceEntry::effectiveFrom)).orElse(null);
            if (latest == null) {
                add.add(in);
                added++;
                continue;
            }
            if (latest.effectiveTo() == null && latest.samePricesAs(in) && in.effectiveTo() == null) {
                continue;
            }
            if (from.isBefore(latest.effectiveFrom())) {
                throw new HistoryConflict(in.key() + ": effective_from " + from + " is before the current price's start "
                        + latest.effectiveFrom() + "; history is not rewritten");
            }
            if (latest.effectiveTo() != null && from.isBefore(latest.effectiveTo())) {
                throw new HistoryConflict(in.key() + ": effective_from " + from + " overlaps the price in force until " + latest.effectiveTo());
            }
            if (latest.effectiveTo() == null) {
                remove.add(latest);
                if (latest.effectiveFrom().isBefore(from)) {
                    add.add(latest.withId(0).withEffective(latest.effectiveFrom(), from));
                }
            }
            add.add(in);
            changed++;
        }
        if (closeMissing) {
            for (List<PriceEntry> timeline : liveByKey.values()) {
                for (PriceEntry open : timeline) {
                    if (open.effectiveTo() == null && !incomingByKey.containsKey(open.key())) {
                        remove.add(open);
                        if (open.effectiveFrom().isBefore(effectiveFrom)) {
                            add.add(open.withId(0).withEffective(open.effectiveFrom(), effectiveFrom));
                        }
                        closed++;
                    }
                }
            }
        }
        return new Plan(remove, add, added, changed, closed);
    }
}
