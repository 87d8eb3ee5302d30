package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.events.PriceChange.ChangedPrice;
import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceSheet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a new version is planned from the live rows, and what its diff says. */
class ImportPlannerTest {

    static final Instant V1 = Instant.parse("2025-07-24T02:46:02Z");
    static final Instant V2 = Instant.parse("2026-01-24T05:09:29Z");

    static PriceEntry e(long id, String model, Instant from, Instant to, String cacheRead) {
        return new PriceEntry(id, "*", "litellm", "gemini", model, List.of(), null, from, to, "USD",
                PriceSheet.builder().token(Bucket.INPUT, "1.25").token(Bucket.CACHE_READ, cacheRead).token(Bucket.OUTPUT, "10").build(),
                List.of(), List.of());
    }

    /** Applies a plan the way the store does: removed rows go, added rows come (with fresh ids). */
    static List<PriceEntry> apply(List<PriceEntry> live, ImportPlanner.Plan plan, long[] nextId) {
        List<PriceEntry> out = new ArrayList<>(live);
        out.removeAll(plan.remove());
        plan.add().forEach(a -> out.add(a.withId(nextId[0]++)));
        return out;
    }

    @Test
    void aChangedPriceClosesTheOldEntryAndStartsANewOne() {
        List<PriceEntry> live = List.of(e(1, "gemini-2.5-pro", V1, null, "0.3125"), e(2, "gemini-2.5-flash", V1, null, "0.075"));
        List<PriceEntry> incoming = List.of(e(0, "gemini-2.5-pro", V2, null, "0.125"), e(0, "gemini-2.5-flash", V2, null, "0.075"));
        ImportPlanner.Plan plan = ImportPlanner.plan(live, incoming, V2, true);
        assertEquals(1, plan.changed());
        assertEquals(List.of(live.get(0)), plan.remove(), "the unchanged flash entry stays as it is");
        assertEquals(2, plan.add().size());
        assertEquals(V2, plan.add().get(0).effectiveTo(), "the old price ends where the new one starts");
        assertEquals("0.3125", plan.add().get(0).prices().token(Bucket.CACHE_READ).toPlainString());
        assertEquals(V2, plan.add().get(1).effectiveFrom());

        List<PriceEntry> after = apply(live, plan, new long[]{10});
        List<ChangedPrice> diff = CatalogueDiff.between(live, after);
        assertEquals(List.of(new ChangedPrice("changed", "gemini", "gemini-2.5-pro", "cache_read", "0.3125", "0.125", V2.toString())), diff);
    }

    @Test
    void anEntryTheNewListNoLongerHasIsClosedAndShownAsRemoved() {
        List<PriceEntry> live = List.of(e(1, "gemini-1.0-pro", V1, null, "0.1"));
        ImportPlanner.Plan plan = ImportPlanner.plan(live, List.of(e(0, "gemini-2.5-pro", V2, null, "0.125")), V2, true);
        assertEquals(1, plan.closed());
        assertEquals(1, plan.added());
        List<PriceEntry> after = apply(live, plan, new long[]{10});
        assertTrue(after.stream().anyMatch(x -> x.model().equals("gemini-1.0-pro") && V2.equals(x.effectiveTo())),
                "history is kept: the old model was priced until the new list");
        List<ChangedPrice> diff = CatalogueDiff.between(live, after);
        assertTrue(diff.stream().anyMatch(c -> c.change().equals("removed") && c.model().equals("gemini-1.0-pro") && c.bucket().equals("input")));
        assertTrue(diff.stream().anyMatch(c -> c.change().equals("added") && c.model().equals("gemini-2.5-pro") && "0.125".equals(c.after())));
    }

    @Test
    void handEditsLeaveOtherEntriesAlone() {
        List<PriceEntry> live = List.of(e(1, "a", V1, null, "0.1"), e(2, "b", V1, null, "0.1"));
        ImportPlanner.Plan plan = ImportPlanner.plan(live, List.of(e(0, "a", V2, null, "0.2")), V2, false);
        assertEquals(List.of(live.get(0)), plan.remove());
        assertEquals(0, plan.closed());
    }

    @Test
    void anUnchangedListPlansNothing() {
        List<PriceEntry> live = List.of(e(1, "a", V1, null, "0.1"));
        assertTrue(ImportPlanner.plan(live, List.of(e(0, "a", V2, null, "0.10")), V2, true).isEmpty(), "0.10 and 0.1 are the same price");
    }

    @Test
    void aChangeThatStartsBeforeTheCurrentPriceIsRefused() {
        List<PriceEntry> live = List.of(e(1, "a", V2, null, "0.1"));
        assertThrows(ImportPlanner.HistoryConflict.class, () -> ImportPlanner.plan(live, List.of(e(0, "a", V1, null, "0.2")), V1, true));
    }
}
