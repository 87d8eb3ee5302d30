package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/** Builds the {@code budget.events} records: what a notification needs about a budget and its period. */
public final class BudgetEvents {

    private BudgetEvents() {
    }

    /** @param discriminator makes the event id unique per budget, period and kind of occurrence (the notifier dedupes on it) */
    public static BudgetEvent of(Budget b, String kind, String severity, Integer threshold, CounterReads.Usage u, BigDecimal projected,
                                 String discriminator) {
        boolean money = b.unit() == Budget.Unit.USD;
        return new BudgetEvent(BudgetEvent.SCHEMA_VERSION, BudgetEvent.TYPE, b.tenantId(),
                "budget:" + b.id() + ":" + u.window().start() + ":" + kind + ":" + discriminator, Instant.now(), String.valueOf(b.id()),
                b.name(), kind, severity, threshold, money ? Money.usd(u.spent().toPlainString()) : null,
                money ? Money.usd(u.limitWith(b.limit()).toPlainString()) : null, u.window().start(), u.window().end(), b.unit().wireName(),
                u.spent().toPlainString(), u.limitWith(b.limit()).toPlainString(),
                projected == null || !money ? null : Money.usd(projected.toPlainString()));
    }

    /** Spent so far scaled to the whole period; null without a period end or with less than an hour of it elapsed. */
    public static BigDecimal projectedAtEnd(CounterReads.Usage u, Instant now) {
        if (u.window().end() == null) {
            return null;
        }
        long elapsed = Duration.between(u.window().start(), now).toSeconds();
        long length = Duration.between(u.window().start(), u.window().end()).toSeconds();
        if (elapsed < 3600 || elapsed >= length) {
            return null;
        }
        return u.spent().multiply(BigDecimal.valueOf(length)).divide(BigDecimal.valueOf(elapsed), 12, RoundingMode.HALF_EVEN);
    }
}
