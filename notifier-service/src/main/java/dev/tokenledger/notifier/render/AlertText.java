package dev.tokenledger.notifier.render;

import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns {@code budget.events} and {@code anomaly.detected} records into {@link Notification}s with a
 * readable line such as "⚠ 80 % of budget 'support bot' used — $160.00 of $200.00, 12 days left,
 * projected $200.04". Amounts are rounded here, for display only.
 */
public final class AlertText {

    private AlertText() {
    }

    public static Notification budget(BudgetEvent e) {
        String name = "'" + (e.budgetName() != null ? e.budgetName() : e.budgetId()) + "'";
        boolean hasBudget = e.budgetId() != null;
        String severity = e.severity() != null ? e.severity() : "info";
        String used = used(e);
        String left = daysLeft(e.occurredAt(), e.periodEnd());
        String projected = e.projected() != null ? "projected " + money(e.projected()) : null;
        String top = topContributors(e);
        String text = switch (e.kind()) {
            case "threshold_crossed", "limit_reached" -> icon(severity) + " " + percent(e) + " % of budget " + name + " used — "
                    + join(used, left, projected, top);
            case "projected_to_exceed" -> icon(severity) + " budget " + name + " is projected to run over — "
                    + join(projected != null ? projected + " by period end" : null, used.isEmpty() ? null : used + " so far", left, top);
            case "kill_switch_tripped" -> "🛑 kill switch tripped on budget " + name + " — " + join(used,
                    "requests in its scope are denied until a tenant admin re-enables it", top);
            case "period_reset" -> "✅ budget " + name + ": a new period started — earlier alerts are resolved";
            case "unpriced_usage" -> icon(severity) + " usage of a model without a price was recorded — it is counted as unpriced"
                    + " (never as $0) until a price for it exists";
            default -> icon(severity) + " budget " + name + ": " + e.kind().replace('_', ' ') + (used.isEmpty() ? "" : " — " + used);
        };
        Map<String, String> details = new LinkedHashMap<>();
        put(details, "budget", e.budgetName());
        put(details, "budget_id", e.budgetId());
        put(details, "event", e.kind());
        put(details, "severity", severity);
        put(details, "spent", e.spent() != null ? money(e.spent()) : quantity(e.spentQuantity(), e.unit()));
        put(details, "limit", e.limit() != null ? money(e.limit()) : quantity(e.limitQuantity(), e.unit()));
        put(details, "projected", e.projected() != null ? money(e.projected()) : null);
        put(details, "period_end", e.periodEnd() != null ? e.periodEnd().toString() : null);
        put(details, "top_contributors", allContributors(e));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertName(e.kind()));
        labels.put("tenant", e.tenantId());
        if (hasBudget) {
            labels.put("budget", e.budgetId());
        }
        labels.put("severity", severity);
        boolean firing = !"period_reset".equals(e.kind());
        return new Notification(e.tenantId(), e.eventId(), e.kind(), severity, hasBudget ? "budget:" + e.budgetId() : null, firing,
                e.occurredAt(), text,
                details, labels, firing ? e.periodEnd() : null, Json.mapper().valueToTree(e));
    }

    public static Notification anomaly(AnomalyDetected e, Duration ttl) {
        String severity = e.severity() != null ? e.severity() : "warning";
        boolean open = !"resolved".equals(e.state());
        String figures = e.observed() != null && e.expected() != null
                ? money(e.observed()) + " observed, " + money(e.expected()) + " expected" : null;
        String text = open
                ? icon(severity) + " spend anomaly for " + e.scope() + " — " + join(figures, e.detail())
                : "✅ spend anomaly for " + e.scope() + " is over — " + join(figures, e.detail());
        Map<String, String> details = new LinkedHashMap<>();
        put(details, "scope", e.scope());
        put(details, "state", e.state());
        put(details, "severity", severity);
        put(details, "observed", e.observed() != null ? money(e.observed()) : null);
        put(details, "expected", e.expected() != null ? money(e.expected()) : null);
        put(details, "detail", e.detail());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "TokenledgerSpendAnomaly");
        labels.put("tenant", e.tenantId());
        labels.put("scope", String.valueOf(e.scope()));
        labels.put("severity", severity);
        return new Notification(e.tenantId(), e.eventId(), "anomaly_" + (open ? "open" : "resolved"), severity, "anomaly:" + e.scope(), open,
                e.occurredAt(), text, details, labels, open ? e.occurredAt().plus(ttl) : null, Json.mapper().valueToTree(e));
    }

    /** "$160.00" for USD, "12.35 EUR" otherwise (display rounding, half-even). */
    public static String money(Money m) {
        BigDecimal shown = m.rounded(2);
        return "USD".equals(m.currency()) ? "$" + shown.toPlainString() : shown.toPlainString() + " " + m.currency();
    }

    static String icon(String severity) {
        return switch (severity) {
            case "critical" -> "🛑";
            case "warning" -> "⚠";
            default -> "ℹ";
        };
    }

    private static String alertName(String kind) {
        return switch (kind) {
            case "threshold_crossed" -> "TokenledgerBudgetThreshold";
            case "limit_reached" -> "TokenledgerBudgetLimitReached";
            case "projected_to_exceed" -> "TokenledgerBudgetProjectedOverrun";
            case "kill_switch_tripped" -> "TokenledgerBudgetKillSwitch";
            case "unpriced_usage" -> "TokenledgerUnpricedUsage";
            default -> "TokenledgerBudget";
        };
    }

    private static String used(BudgetEvent e) {
        if (e.spent() != null && e.limit() != null) {
            return money(e.spent()) + " of " + money(e.limit());
        }
        if (e.spentQuantity() != null && e.limitQuantity() != null) {
            return e.spentQuantity() + " of " + quantity(e.limitQuantity(), e.unit());
        }
        return "";
    }

    /** "most from model gpt-4o ($0.60), feature chat ($0.45)": the largest value of each dimension. */
    private static String topContributors(BudgetEvent e) {
        if (e.topContributors() == null || e.topContributors().isEmpty()) {
            return null;
        }
        Map<String, BudgetEvent.Contributor> largest = new LinkedHashMap<>();
        e.topContributors().forEach(c -> largest.putIfAbsent(c.dimension(), c));
        StringJoiner line = new StringJoiner(", ", "most from ", "");
        largest.values().forEach(c -> line.add(c.dimension() + " " + c.value() + " (" + amount(e, c.amount()) + ")"));
        return line.toString();
    }

    /** "model: gpt-4o $0.60, o3-mini $0.10; feature: chat $0.45" */
    private static String allContributors(BudgetEvent e) {
        if (e.topContributors() == null || e.topContributors().isEmpty()) {
            return null;
        }
        Map<String, StringJoiner> byDimension = new LinkedHashMap<>();
        e.topContributors().forEach(c -> byDimension.computeIfAbsent(c.dimension(), d -> new StringJoiner(", ", d + ": ", ""))
                .add(c.value() + " " + amount(e, c.amount())));
        StringJoiner all = new StringJoiner("; ");
        byDimension.values().forEach(j -> all.add(j.toString()));
        return all.toString();
    }

    private static String amount(BudgetEvent e, String amount) {
        return e.spent() != null ? money(Money.of(amount, e.spent().currency())) : quantity(amount, e.unit());
    }

    private static String percent(BudgetEvent e) {
        if (e.thresholdPercent() != null) {
            return e.thresholdPercent().toString();
        }
        if (e.spent() != null && e.limit() != null && e.limit().amount().signum() > 0) {
            return e.spent().amount().multiply(BigDecimal.valueOf(100)).divide(e.limit().amount(), 0, RoundingMode.DOWN).toPlainString();
        }
        return "?";
    }

    private static String daysLeft(Instant at, Instant periodEnd) {
        if (periodEnd == null || at == null) {
            return null;
        }
        long days = Duration.between(at, periodEnd).toDays();
        return days >= 2 ? days + " days left" : days == 1 ? "1 day left" : "less than a day left";
    }

    private static String quantity(String q, String unit) {
        return q == null ? null : q + (unit != null ? " " + unit : "");
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isEmpty()) {
                b.append(b.length() == 0 ? "" : ", ").append(p);
            }
        }
        return b.toString();
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
