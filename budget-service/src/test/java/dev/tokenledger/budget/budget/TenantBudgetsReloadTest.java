package dev.tokenledger.budget.budget;

import dev.tokenledger.budget.period.BudgetPeriod;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class TenantBudgetsReloadTest {

    @Test
    void aReloadKeepsTheInstancesOfUnchangedBudgetsAndTakesTheChangedAndNewOnes() {
        Budget a = BudgetIndexTest.budget(1, Map.of("project", "p1"));
        Budget b = BudgetIndexTest.budget(2, Map.of("project", "p2"));
        BudgetIndex previous = new BudgetIndex(List.of(a, b));

        Budget aAgain = BudgetIndexTest.budget(1, Map.of("project", "p1"));
        Budget bRaised = new Budget(2, "acme", "b2", new BudgetScope(Map.of("project", "p2")), BudgetPeriod.parse("month"), ZoneId.of("UTC"),
                Budget.Unit.USD, new BigDecimal("20"), List.of(50, 75, 90, 100), Budget.Enforcement.BLOCK, null, null, Instant.EPOCH);
        Budget c = BudgetIndexTest.budget(3, Map.of("project", "p3"));

        List<Budget> kept = TenantBudgets.unchangedKept(previous, List.of(aAgain, bRaised, c));
        assertSame(a, kept.get(0), "unchanged: the instance in use");
        assertSame(bRaised, kept.get(1), "its limit changed: the new definition");
        assertEquals(new BigDecimal("20"), kept.get(1).limit());
        assertSame(c, kept.get(2));
        assertNotSame(b, kept.get(1));
        assertEquals(3, kept.size(), "and a deleted one is simply not there");
    }
}
