package dev.tokenledger.budget.allowance;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetScope;
import dev.tokenledger.budget.decision.DecisionPolicy;
import dev.tokenledger.budget.period.BudgetPeriod;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory side of an allowance: what it may allow, and when it asks for more. */
class AllowanceTest {

    static final Instant BUCKET = Instant.parse("2026-11-01T00:00:00Z");

    static Budget budget(String limit, Budget.Enforcement enforcement, List<Integer> thresholds) {
        return new Budget(7, "acme", "monthly", new BudgetScope(Map.of()), BudgetPeriod.parse("month"), ZoneId.of("UTC"),
                Budget.Unit.USD, new BigDecimal(limit), thresholds, enforcement, null, null, Instant.parse("2026-01-01T00:00:00Z"));
    }

    static Allowance leased(Budget b, String slice, String spent, String reserved) {
        Allowance a = new Allowance(b, BUCKET, "lease:r1:" + BUCKET.getEpochSecond());
        a.leasing = true;
        a.leased(new BigDecimal(slice), new BigDecimal(spent), new BigDecimal(reserved).add(new BigDecimal(slice)), new BigDecimal(slice),
                BigDecimal.ZERO, 1_000_000_000L);
        return a;
    }

    @Test
    void allowsOnlyWhatTheSliceCoversAndShowsWhatItGaveAsReserved() {
        Allowance a = leased(budget("100", Budget.Enforcement.BLOCK, List.of(50, 75, 90, 100)), "0.03", "10", "5");
        DecisionPolicy.BudgetCheck first = a.check(new BigDecimal("0.02"));
        assertNotNull(first);
        assertEquals(0, new BigDecimal("5").compareTo(first.reserved()), "the figures of the lease, without this replica's own unused slice");
        a.take(new BigDecimal("0.02"), 1);
        assertNull(a.check(new BigDecimal("0.02")), "0.01 left in the slice cannot cover 0.02: decided exactly");
        DecisionPolicy.BudgetCheck second = a.check(new BigDecimal("0.01"));
        assertNotNull(second);
        assertEquals(0, new BigDecimal("5.02").compareTo(second.reserved()));
        assertEquals(0, new BigDecimal("84.98").compareTo(second.remaining()));
    }

    @Test
    void neverAnswersWarnOrDenyThoseAreLeftToTheExactPath() {
        // 89.99 of 100 read at the lease: one cent more reaches the 90 % warn point
        Allowance a = leased(budget("100", Budget.Enforcement.BLOCK, List.of(50, 75, 90, 100)), "5", "89", "0.99");
        assertNotNull(a.check(new BigDecimal("0.001")));
        assertNull(a.check(new BigDecimal("0.01")), "would warn");
    }

    @Test
    void asksForMoreBelowHalfItsLastSliceAndOnlyOnceAtATime() {
        Allowance a = leased(budget("100", Budget.Enforcement.BLOCK, List.of(50, 75, 90, 100)), "1", "0", "0");
        a.take(new BigDecimal("0.5"), 1);
        assertFalse(a.wantsMore(), "exactly half left");
        a.take(new BigDecimal("0.01"), 2);
        assertTrue(a.wantsMore());
        a.leasing = true;
        assertFalse(a.wantsMore(), "a top-up is already on its way");
    }

    @Test
    void isUsableOnlyForTheSameBudgetBucketAndBeforeItsLeaseRunsOut() {
        Budget b = budget("100", Budget.Enforcement.BLOCK, List.of(50, 75, 90, 100));
        Allowance a = leased(b, "1", "0", "0");
        assertTrue(a.usableFor(b, BUCKET, 999_999_999L));
        assertFalse(a.usableFor(b, BUCKET, 1_000_000_000L), "the lease is about to expire");
        assertFalse(a.usableFor(b, Instant.parse("2026-12-01T00:00:00Z"), 0), "a new period");
        assertFalse(a.usableFor(budget("50", Budget.Enforcement.BLOCK, List.of(50, 75, 90, 100)), BUCKET, 0), "the limit was edited");
    }

    @Test
    void leasesStopAtTheWarnPointOrTheLimitForAlertOnlyBudgets() {
        assertEquals(90, Allowances.ceilingPercent(budget("1", Budget.Enforcement.BLOCK, List.of(50, 75, 90, 100))));
        assertEquals(80, Allowances.ceilingPercent(budget("1", Budget.Enforcement.WARN, List.of(80, 100))));
        assertEquals(100, Allowances.ceilingPercent(budget("1", Budget.Enforcement.BLOCK, List.of(100))));
        assertEquals(100, Allowances.ceilingPercent(budget("1", Budget.Enforcement.ALERT, List.of(50, 90))));
    }
}
