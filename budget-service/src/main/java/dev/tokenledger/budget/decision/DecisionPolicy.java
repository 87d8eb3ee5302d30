package dev.tokenledger.budget.decision;

import dev.tokenledger.budget.budget.Budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import static dev.tokenledger.common.money.Decimals.plain;

/**
 * The allow / warn / deny rule, on numbers read under the budgets' locks: a request fits a budget
 * when spent + reserved + its worst case stays within the limit. Over the limit, a {@code block}
 * budget denies, a {@code warn} budget warns, an {@code alert} budget allows. Within the limit, a
 * request that takes the budget past its highest threshold below 100 % warns. A tripped kill
 * switch denies, whatever the enforcement.
 */
public final class DecisionPolicy {

    public enum Outcome { ALLOW, WARN, DENY }

    public record BudgetCheck(Budget budget, BigDecimal spent, BigDecimal reserved, BigDecimal request, BigDecimal credit, Outcome outcome,
                              String reason) {
        /** The limit with this period's credits. */
        public BigDecimal limit() {
            return budget.limit().add(credit);
        }

        public BigDecimal remaining() {
            return limit().subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
        }
    }

    private DecisionPolicy() {
    }

    public static BudgetCheck check(Budget b, BigDecimal spent, BigDecimal reserved, BigDecimal request) {
        return check(b, spent, reserved, request, BigDecimal.ZERO);
    }

    /** @param credit credits granted for this period, added to the limit */
    public static BudgetCheck check(Budget b, BigDecimal spent, BigDecimal reserved, BigDecimal request, BigDecimal credit) {
        BigDecimal limit = b.limit().add(credit);
        if (b.isTripped()) {
            return new BudgetCheck(b, spent, reserved, request, credit, Outcome.DENY,
                    "kill switch of budget '" + b.name() + "' tripped: " + b.trippedReason() + "; a tenant admin re-enables it");
        }
        BigDecimal after = spent.add(reserved).add(request);
        if (after.compareTo(limit) > 0) {
            String reason = "would reach " + percent(after, limit) + " % of the " + b.period() + " " + b.unit().wireName()
                    + " limit " + limit.toPlainString() + " of budget '" + b.name() + "'";
            return switch (b.enforcement()) {
                case BLOCK -> new BudgetCheck(b, spent, reserved, request, credit, Outcome.DENY, reason);
                case WARN -> new BudgetCheck(b, spent, reserved, request, credit, Outcome.WARN, reason);
                case ALERT -> new BudgetCheck(b, spent, reserved, request, credit, Outcome.ALLOW, reason);
            };
        }
        int warnAt = b.thresholds().stream().filter(t -> t < 100).max(Integer::compare).orElse(100);
        if (b.enforcement() != Budget.Enforcement.ALERT && after.multiply(BigDecimal.valueOf(100)).compareTo(limit.multiply(BigDecimal.valueOf(warnAt))) >= 0) {
            return new BudgetCheck(b, spent, reserved, request, credit, Outcome.WARN, "past " + warnAt + " % of budget '" + b.name() + "'");
        }
        return new BudgetCheck(b, spent, reserved, request, credit, Outcome.ALLOW, null);
    }

    public static Outcome overall(List<BudgetCheck> checks) {
        Outcome o = Outcome.ALLOW;
        for (BudgetCheck c : checks) {
            if (c.outcome().ordinal() > o.ordinal()) {
                o = c.outcome();
            }
        }
        return o;
    }

    public static List<BudgetCheck> denials(List<BudgetCheck> checks) {
        List<BudgetCheck> out = new ArrayList<>();
        checks.forEach(c -> {
            if (c.outcome() == Outcome.DENY) {
                out.add(c);
            }
        });
        return out;
    }

    static String percent(BigDecimal part, BigDecimal whole) {
        return plain(part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, RoundingMode.HALF_EVEN));
    }
}
