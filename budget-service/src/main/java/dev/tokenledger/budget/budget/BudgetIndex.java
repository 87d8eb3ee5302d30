package dev.tokenledger.budget.budget;

import dev.tokenledger.common.events.Attribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's budgets, found by what a request names instead of by testing every budget: each
 * budget is filed under the first dimension of its scope (project P, model M, tag k=v ...), and a
 * request looks up only the dimensions it carries. A tenant with hundreds of budgets then tests a
 * handful per decision.
 */
public final class BudgetIndex {

    /** An index whose version is not known: a decision from it is always checked against the stored version. */
    public static final long UNKNOWN_VERSION = -1;

    private final List<Budget> all;
    private final long version;
    private final List<Budget> wholeTenant = new ArrayList<>();
    private final Map<String, List<Budget>> byFirstDimension = new HashMap<>();

    public BudgetIndex(List<Budget> budgets) {
        this(budgets, UNKNOWN_VERSION);
    }

    /** @param version the tenant's budget version the list was read at (V12's trigger raises it on every change) */
    public BudgetIndex(List<Budget> budgets, long version) {
        this.all = List.copyOf(budgets);
        this.version = version;
        for (Budget b : all) {
            String key = b.scope().firstDimensionKey();
            if (key == null) {
                wholeTenant.add(b);
            } else {
                byFirstDimension.computeIfAbsent(key, k -> new ArrayList<>(1)).add(b);
            }
        }
    }

    public List<Budget> all() {
        return all;
    }

    public long version() {
        return version;
    }

    /** Every budget whose whole scope the request matches, in id order. */
    public List<Budget> applying(Attribution a, String provider, String model) {
        List<Budget> out = new ArrayList<>(wholeTenant);
        BudgetScope.forEachKey(a, provider, model, key -> {
            List<Budget> filed = byFirstDimension.get(key);
            if (filed != null) {
                for (Budget b : filed) {
                    if (b.scope().matches(a, provider, model)) {
                        out.add(b);
                    }
                }
            }
        });
        out.sort(java.util.Comparator.comparingLong(Budget::id));
        return out;
    }
}
