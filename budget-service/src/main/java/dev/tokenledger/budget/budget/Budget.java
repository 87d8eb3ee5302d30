package dev.tokenledger.budget.budget;

import dev.tokenledger.budget.period.BudgetPeriod;
import dev.tokenledger.common.events.UsagePriced;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * A limit on a tenant's spend for one scope and period, in USD, tokens or requests. Thresholds
 * (percent of the limit) raise events once per period; the enforcement says what a gateway is told
 * when a request would go over: {@code alert} (allow, only alert), {@code warn} (allow with a
 * warning) or {@code block} (deny). A {@code perRequestCeiling} is a kill switch: once tripped
 * ({@code trippedReason} set) every decision in the scope is denied until an admin re-enables it.
 * {@code allowanceLeases}: busy, this budget may be decided in memory from slices leased to replicas
 * (see {@code Allowances}); off, every decision reserves in PostgreSQL.
 */
public record Budget(long id, String tenantId, String name, BudgetScope scope, BudgetPeriod period, ZoneId zone, Unit unit,
                     BigDecimal limit, List<Integer> thresholds, Enforcement enforcement, BigDecimal perRequestCeiling,
                     String trippedReason, Instant createdAt, boolean allowanceLeases) {

    /** A budget decided exactly, request by request, in PostgreSQL (no allowance leases). */
    public Budget(long id, String tenantId, String name, BudgetScope scope, BudgetPeriod period, ZoneId zone, Unit unit,
                  BigDecimal limit, List<Integer> thresholds, Enforcement enforcement, BigDecimal perRequestCeiling,
                  String trippedReason, Instant createdAt) {
        this(id, tenantId, name, scope, period, zone, unit, limit, thresholds, enforcement, perRequestCeiling, trippedReason, createdAt,
                false);
    }

    public enum Unit {
        USD, TOKENS, REQUESTS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Enforcement {
        ALERT, WARN, BLOCK;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 75, 90, 100);

    public Budget {
        thresholds = thresholds == null || thresholds.isEmpty() ? DEFAULT_THRESHOLDS : thresholds.stream().sorted().distinct().toList();
        if (limit == null || limit.signum() <= 0) {
            throw new IllegalArgumentException("limit must be more than 0");
        }
        if (perRequestCeiling != null && perRequestCeiling.signum() <= 0) {
            throw new IllegalArgumentException("per_request_ceiling must be more than 0");
        }
        for (int t : thresholds) {
            if (t < 1 || t > 1000) {
                throw new IllegalArgumentException("thresholds are percentages from 1 to 1000");
            }
        }
    }

    public boolean isTripped() {
        return trippedReason != null;
    }

    /**
     * What one priced event adds to this budget, in its unit (for money: the provider-reported cost when
     * there is one, as in reports, else our price); {@code null} when it cannot be counted
     * (an unpriced event, or a cost in another currency, for a USD budget) — flagged, never taken as 0.
     */
    public BigDecimal amountOf(UsagePriced e) {
        return switch (unit) {
            case TOKENS -> BigDecimal.valueOf(e.usage().usage().totalTokens());
            case REQUESTS -> BigDecimal.ONE;
            case USD -> e.billedCost() != null && "USD".equals(e.billedCost().currency()) ? e.billedCost().amount() : null;
        };
    }
}
