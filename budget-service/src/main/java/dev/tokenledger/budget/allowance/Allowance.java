package dev.tokenledger.budget.allowance;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.decision.DecisionPolicy;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One replica's leased slice of one budget's headroom in one counting bucket, from which it allows
 * requests in memory. Plain state, not thread-safe: {@link Allowances} guards every instance with
 * its own lock. A request is allowed from here only when the slice covers it and the budget's
 * figures at the last lease, plus what this replica has allowed since, still read "allow" — every
 * warn and deny is left to the exact path.
 */
public final class Allowance {

    final Budget budget;
    final Instant bucket;
    final String leaseKey;

    /** Leased and not yet given to a request. */
    BigDecimal available = BigDecimal.ZERO;
    /** Given to requests since the last lease (shown in the answers as reserved). */
    BigDecimal given = BigDecimal.ZERO;
    BigDecimal spent = BigDecimal.ZERO;
    /** Reserved at the last lease, without this replica's unused lease. */
    BigDecimal reservedBase = BigDecimal.ZERO;
    BigDecimal credit = BigDecimal.ZERO;
    BigDecimal lastSlice = BigDecimal.ZERO;
    long usableUntilNanos;
    long lastUsedNanos;
    boolean leasing;

    Allowance(Budget budget, Instant bucket, String leaseKey) {
        this.budget = budget;
        this.bucket = bucket;
        this.leaseKey = leaseKey;
    }

    /** Still the same budget (not edited, not tripped), the same bucket, and the lease not about to expire. */
    boolean usableFor(Budget current, Instant currentBucket, long nowNanos) {
        return budget.equals(current) && bucket.equals(currentBucket) && nowNanos - usableUntilNanos < 0;
    }

    /** The check a request of {@code amount} reads here, or null when this allowance cannot allow it. */
    DecisionPolicy.BudgetCheck check(BigDecimal amount) {
        if (available.compareTo(amount) < 0) {
            return null;
        }
        DecisionPolicy.BudgetCheck c = DecisionPolicy.check(budget, spent, reservedBase.add(given), amount, credit);
        return c.outcome() == DecisionPolicy.Outcome.ALLOW ? c : null;
    }

    /** The figures as a request already allowed reads them (nothing more is taken). */
    DecisionPolicy.BudgetCheck checkAlready() {
        return DecisionPolicy.check(budget, spent, reservedBase.add(given), BigDecimal.ZERO, credit);
    }

    void take(BigDecimal amount, long nowNanos) {
        available = available.subtract(amount);
        given = given.add(amount);
        lastUsedNanos = nowNanos;
    }

    /** Less than half of the last slice is left: time to lease more (one lease call at a time). */
    boolean wantsMore() {
        return !leasing && available.add(available).compareTo(lastSlice) < 0;
    }

    /** A lease (or top-up) came back: {@code granted} more is available, and the figures are fresh. */
    void leased(BigDecimal granted, BigDecimal spentNow, BigDecimal reservedNow, BigDecimal ownLease, BigDecimal creditNow, long untilNanos) {
        leasing = false;
        if (granted.signum() <= 0) {
            return;
        }
        available = available.add(granted);
        lastSlice = granted;
        spent = spentNow;
        reservedBase = reservedNow.subtract(ownLease).max(BigDecimal.ZERO);
        credit = creditNow;
        given = BigDecimal.ZERO;
        usableUntilNanos = untilNanos;
    }
}
