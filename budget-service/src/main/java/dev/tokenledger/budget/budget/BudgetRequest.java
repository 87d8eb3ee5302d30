package dev.tokenledger.budget.budget;

import dev.tokenledger.common.text.OneLine;
import dev.tokenledger.common.time.TimeZones;
import dev.tokenledger.common.money.DecimalBounds;

import dev.tokenledger.budget.period.BudgetPeriod;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A budget as a tenant admin writes it; {@link #toBudget} validates it whole and names every bad field. */
public record BudgetRequest(String name, Map<String, String> scope, String period, String timeZone, String unit, String limit,
                            List<Integer> thresholds, String enforcement, String perRequestCeiling, Boolean allowanceLeases) {

    public Budget toBudget(long id, String tenant) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new Problem.FieldError("/name", "is required (at most 200 characters)"));
        } else if (!OneLine.isOneLine(name)) {
            errors.add(new Problem.FieldError("/name", OneLine.RULE));
        }
        BudgetScope s = null;
        try {
            s = new BudgetScope(scope);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("/scope", e.getMessage()));
        }
        BudgetPeriod p = null;
        try {
            p = BudgetPeriod.parse(period);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("/period", e.getMessage()));
        }
        ZoneId zone = null;
        try {
            zone = TimeZones.parse(timeZone == null ? "UTC" : timeZone);
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError("/time_zone", TimeZones.RULE));
        }
        Budget.Unit u = parse(Budget.Unit.class, unit == null ? "usd" : unit, "/unit", errors);
        Budget.Enforcement en = parse(Budget.Enforcement.class, enforcement == null ? "alert" : enforcement, "/enforcement", errors);
        BigDecimal l = null;
        try {
            l = limit == null ? null : DecimalBounds.parse(limit);
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError("/limit", DecimalBounds.message(e, "must be a decimal string such as \"200.00\"")));
        }
        if (limit == null) {
            errors.add(new Problem.FieldError("/limit", "is required"));
        } else if (l != null && l.signum() <= 0) {
            errors.add(new Problem.FieldError("/limit", "must be more than 0"));
        } else if (l != null && u != Budget.Unit.USD && l.stripTrailingZeros().scale() > 0) {
            errors.add(new Problem.FieldError("/limit", "a token or request limit is a whole number"));
        }
        BigDecimal ceiling = null;
        if (perRequestCeiling != null) {
            try {
                ceiling = DecimalBounds.parse(perRequestCeiling);
                if (ceiling.signum() <= 0) {
                    errors.add(new Problem.FieldError("/per_request_ceiling", "must be more than 0"));
                }
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError("/per_request_ceiling", DecimalBounds.message(e, "must be a decimal string such as \"0.50\"")));
            }
        }
        if (thresholds != null && thresholds.stream().anyMatch(t -> t == null || t < 1 || t > 1000)) {
            errors.add(new Problem.FieldError("/thresholds", "are percentages from 1 to 1000"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new Budget(id, tenant, name, s, p, zone, u, l, thresholds, en, ceiling, null, Instant.now(), Boolean.TRUE.equals(allowanceLeases));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text, String pointer, List<Problem.FieldError> errors) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            errors.add(new Problem.FieldError(pointer, "must be one of " + names));
            return null;
        }
    }
}
