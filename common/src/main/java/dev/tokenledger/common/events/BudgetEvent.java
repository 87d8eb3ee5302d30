package dev.tokenledger.common.events;

import dev.tokenledger.common.money.Money;

import java.time.Instant;

/**
 * Topic {@code budget.events}: something happened to a budget (a threshold crossed, a forecast
 * overrun, a period reset). Money budgets carry {@code spent} and {@code limit} as {@link Money};
 * every budget also carries its {@code unit} and {@code spentQuantity} / {@code limitQuantity} as
 * decimal strings (tokens and requests budgets only have those); {@code projected} is the
 * period-end projection of a {@code projected_to_exceed} event. {@code topContributors}: what spent
 * most of the budget this period, up to three values per dimension (model, project, feature,
 * agent, and not the dimensions the budget's scope fixes), each with its amount in the budget's unit.
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
        Money projected,
        java.util.List<Contributor> topContributors) implements LedgerEvent {

    /** One value of an attribution dimension ({@code model} is provider/model) and what it spent of the budget this period. */
    public record Contributor(String dimension, String value, String amount) {
    }

    /** An event without contributors. */
    public BudgetEvent(int schemaVersion, String type, String tenantId, String eventId, Instant occurredAt, String budgetId,
                       String budgetName, String kind, String severity, Integer thresholdPercent, Money spent, Money limit,
                       Instant periodStart, Instant periodEnd, String unit, String spentQuantity, String limitQuantity, Money projected) {
        this(schemaVersion, type, tenantId, eventId, occurredAt, budgetId, budgetName, kind, severity, thresholdPercent, spent, limit,
                periodStart, periodEnd, unit, spentQuantity, limitQuantity, projected, null);
    }

    public BudgetEvent withTopContributors(java.util.List<Contributor> contributors) {
        return new BudgetEvent(schemaVersion, type, tenantId, eventId, occurredAt, budgetId, budgetName, kind, severity, thresholdPercent,
                spent, limit, periodStart, periodEnd, unit, spentQuantity, limitQuantity, projected,
                contributors == null || contributors.isEmpty() ? null : java.util.List.copyOf(contributors));
    }

    public static final String TYPE = "budget.event";
    public static final int SCHEMA_VERSION = 1;

    /** An event without unit quantities or projection (money budgets, unpriced-usage alerts). */
    public BudgetEvent(int schemaVersion, String type, String tenantId, String eventId, Instant occurredAt, String budgetId,
                       String budgetName, String kind, String severity, Integer thresholdPercent, Money spent, Money limit,
                       Instant periodStart, Instant periodEnd) {
        this(schemaVersion, type, tenantId, eventId, occurredAt, budgetId, budgetName, kind, severity, thresholdPercent, spent, limit,
                periodStart, periodEnd, null, null, null, null, null);
    }
}
