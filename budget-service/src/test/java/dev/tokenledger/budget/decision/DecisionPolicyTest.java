package dev.tokenledger.budget.decision;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetScope;
import dev.tokenledger.budget.period.BudgetPeriod;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecisionPolicyTest {

    static Budget budget(String limit, Budget.Enforcement enforcement) {
        return new Budget(1, "acme", "monthly", new BudgetScope(Map.of()), BudgetPeriod.parse("month"), ZoneId.of("UTC"),
                Budget.Unit.USD, new BigDecimal(limit), List.of(50, 75, 90, 100), enforcement, null, null, Instant.now());
    }

    static DecisionPolicy.Outcome outcome(String limit, Budget.Enforcement e, String spent, String reserved, String request) {
        return DecisionPolicy.check(budget(limit, e), new BigDecimal(spent), new BigDecimal(reserved), new BigDecimal(request)).outcome();
    }

    @Test
    void aRequestThatFitsExactlyIsAllowedOneCentMoreIsNot() {
        assertEquals(DecisionPolicy.Outcome.WARN, outcome("1.00", Budget.Enforcement.BLOCK, "0.90", "0.09", "0.01"), "fits, past 90 %: warn");
        assertEquals(DecisionPolicy.Outcome.DENY, outcome("1.00", Budget.Enforcement.BLOCK, "0.90", "0.09", "0.02"));
        assertEquals(DecisionPolicy.Outcome.ALLOW, outcome("1.00", Budget.Enforcement.BLOCK, "0.10", "0.09", "0.01"));
    }

    @Test
    void enforcementDecidesWhatOverTheLimitMeans() {
        assertEquals(DecisionPolicy.Outcome.WARN, outcome("1", Budget.Enforcement.WARN, "1", "0", "0.01"));
        assertEquals(DecisionPolicy.Outcome.ALLOW, outcome("1", Budget.Enforcement.ALERT, "1", "0", "0.01"));
    }

    @Test
    void aTrippedKillSwitchDeniesWhateverTheEnforcement() {
        Budget tripped = new Budget(2, "acme", "feature x", new BudgetScope(Map.of("feature", "x")), BudgetPeriod.parse("day"),
                ZoneId.of("UTC"), Budget.Unit.USD, new BigDecimal("100"), List.of(), Budget.Enforcement.ALERT, new BigDecimal("0.5"),
                "a request cost 0.75 > ceiling 0.5", Instant.now());
        var check = DecisionPolicy.check(tripped, BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("0.01"));
        assertEquals(DecisionPolicy.Outcome.DENY, check.outcome());
        assertEquals("kill switch of budget 'feature x' tripped: a request cost 0.75 > ceiling 0.5; a tenant admin re-enables it", check.reason());
    }

    @Test
    void theStrictestBudgetDecides() {
        var allow = DecisionPolicy.check(budget("100", Budget.Enforcement.BLOCK), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE);
        var deny = DecisionPolicy.check(budget("0.5", Budget.Enforcement.BLOCK), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE);
        assertEquals(DecisionPolicy.Outcome.DENY, DecisionPolicy.overall(List.of(allow, deny)));
        assertEquals(new BigDecimal("0.5"), deny.remaining());
    }
}
