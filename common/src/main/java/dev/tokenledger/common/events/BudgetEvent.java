package dev.tokenledger.common.events;

import dev.tokenledger.common.money.Money;

import java.time.Instant;

/**
 * Topic {@code budget.events}: something happened to a budget (a threshold crossed, a forecast
 * overrun, a period reset). {@code spent} and {@code limit} are in the budget's unit; money
 * budgets use {@link Money}, token and request budgets carry counts in {@code quantity} fields.
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
        Instant periodEnd) implements LedgerEvent {

    public static final String TYPE = "budget.event";
    public static final int SCHEMA_VERSION = 1;
}
