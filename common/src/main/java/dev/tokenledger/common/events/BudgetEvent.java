package dev.tokenledger.common.events;

import dev.tokenledger.common.money.Money;

import java.time.Instant;

/**
 * Topic {@code budget.events}: something happened to a budget (a threshold crossed, a forecast
 * overrun, a period reset). Money budgets carry {@code spent} and {@code limit} as {@link Money};
 * every budget also carries its {@code unit} and {@code spentQuantity} / {@code limitQuantity} as
 * decimal strings (tokens and requests budgets only have those); {@code projected} is the
 * period-end projection of a {@code projected_to_exceed} event.
 */
public record BudgetEvent(
        int schemaVersion,
        String type,
        String tenantId,
        String eventId,
        Instant occurredAt,
        String budgetId,
        String budgetName,
        String kind,
        String severity,
        Integer thresholdPercent,
        Money spent,
        Money limit,
        Instant periodStart,
        Instant periodEnd,
        String unit,
        String spentQuantity,
        String limitQuantity,
        Money projected) implements LedgerEvent {

    public static final String TYPE = "budget.event";
    public static final int SCHEMA_VERSION = 1;

    /** An event without unit quantities or projection (money budgets, unpriced-usage alerts). */
    public BudgetEvent(int schemaVersion, String type, String tenantId, String eventId, Instant occurredAt, String budgetId,
                       String budgetName, String kind, String severity, Integer thresholdPercent, Money spent, Money limit,
                       Instant periodStart, Instant periodEnd) {
        this(schemaVersion, type, tenantId, eventId, occurredAt, budgetId, budgetName, kind, severity, thresholdPercent, spent, limit,
                periodStart, periodEnd, null, null, null, null);
    }
}
