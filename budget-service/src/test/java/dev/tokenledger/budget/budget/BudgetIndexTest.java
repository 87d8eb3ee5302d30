package dev.tokenledger.budget.budget;

import dev.tokenledger.budget.period.BudgetPeriod;
import dev.tokenledger.common.events.Attribution;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Finding a request's budgets through the index gives exactly what testing every budget would. */
class BudgetIndexTest {

    static Budget budget(long id, Map<String, String> scope) {
        return new Budget(id, "acme", "b" + id, new BudgetScope(scope), BudgetPeriod.parse("month"), ZoneId.of("UTC"), Budget.Unit.USD,
                BigDecimal.TEN, List.of(50, 75, 90, 100), Budget.Enforcement.BLOCK, null, null, Instant.EPOCH);
    }

    static Attribution attribution(String project, String feature, Map<String, String> tags) {
        return new Attribution(project, null, null, null, feature, null, null, null, tags);
    }

    @Test
    void findsTheBudgetsWhoseWholeScopeMatchesInIdOrder() {
        List<Budget> all = List.of(
                budget(5, Map.of("project", "p1", "model", "gpt-4o")),
                budget(1, Map.of()),
                budget(2, Map.of("project", "p1")),
                budget(3, Map.of("project", "p2")),
                budget(4, Map.of("tag:team", "search")),
                budget(6, Map.of("feature", "chat", "tag:team", "search")),
                budget(7, Map.of("provider", "openai")));
        BudgetIndex index = new BudgetIndex(all);
        Attribution a = attribution("p1", "chat", Map.of("team", "search"));

        List<Budget> found = index.applying(a, "openai", "gpt-4o");

        List<Budget> expected = all.stream().filter(b -> b.scope().matches(a, "openai", "gpt-4o"))
                .sorted(java.util.Comparator.comparingLong(Budget::id)).toList();
        assertEquals(List.of(1L, 2L, 4L, 5L, 6L, 7L), found.stream().map(Budget::id).toList());
        assertEquals(expected, found);
        assertEquals(List.of(1L, 3L), index.applying(attribution("p2", null, Map.of()), "anthropic", "claude").stream().map(Budget::id).toList());
        assertEquals(List.of(1L, 2L, 5L), index.applying(attribution("p1", null, Map.of()), "anthropic", "gpt-4o").stream().map(Budget::id).toList(),
                "project p1 and model gpt-4o match; provider openai and the tag do not");
    }
}
