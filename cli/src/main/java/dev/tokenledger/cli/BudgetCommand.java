package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code cost budget list|check}: budgets with what they have used; {@code check} exits 3 when one is at or past its limit. */
@Command(name = "budget", mixinStandardHelpOptions = true, description = "Budgets and what is left of them.",
        subcommands = {BudgetCommand.ListBudgets.class, BudgetCommand.Check.class})
public final class BudgetCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static final List<Output.Column> COLUMNS = List.of(Output.Column.number("id", "/budget/id"), Output.Column.text("name", "/budget/name"),
            Output.Column.text("period", "/budget/period"), Output.Column.text("unit", "/budget/unit"),
            Output.Column.number("limit", "/effective_limit"), Output.Column.number("spent", "/spent"),
            Output.Column.number("remaining", "/remaining"), Output.Column.number("used %", "/percent_used"),
            Output.Column.text("resets", "/reset_at"));

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every budget, closest to its limit first.")
    static final class ListBudgets implements Runnable {
        @Mixin
        Connection api;
        @Mixin
        Output output;

        @Override
        public void run() {
            JsonNode list = api.get("budget", "/v1/budgets?order=percent_used");
            output.print(System.out, list, list.path("items"), COLUMNS);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Exits 3 when a budget named (or any budget of the scope, or any budget at all) is at or past its limit.")
    static final class Check implements java.util.concurrent.Callable<Integer> {
        @Mixin
        Connection api;
        @Mixin
        Output output;

        @Parameters(arity = "0..*", paramLabel = "ID", description = "Budget ids to check.")
        List<Long> ids = new ArrayList<>();

        @Option(names = "--scope", description = "Only budgets whose scope has these values: --scope project=checkout.")
        Map<String, String> scope = Map.of();

        @Override
        public Integer call() {
            JsonNode list = api.get("budget", "/v1/budgets?order=percent_used");
            List<JsonNode> chosen = new ArrayList<>();
            for (JsonNode s : list.path("items")) {
                boolean named = ids.isEmpty() || ids.contains(s.at("/budget/id").asLong());
                boolean inScope = scope.entrySet().stream().allMatch(e -> e.getValue().equals(s.at("/budget/scope/" + e.getKey()).asText(null)));
                if (named && inScope) {
                    chosen.add(s);
                }
            }
            List<Long> missing = ids.stream().filter(id -> chosen.stream().noneMatch(s -> s.at("/budget/id").asLong() == id)).toList();
            if (!missing.isEmpty()) {
                throw new ApiException("no budget " + missing + " for this tenant");
            }
            output.print(System.out, Connection.JSON.valueToTree(chosen), chosen, COLUMNS);
            boolean over = chosen.stream().anyMatch(Check::atOrPastLimit);
            return over ? TokenledgerCli.OVER_BUDGET : 0;
        }

        static boolean atOrPastLimit(JsonNode status) {
            if (status.at("/budget/tripped").asBoolean(false)) {
                return true;
            }
            String remaining = status.path("remaining").asText(null);
            return remaining != null && new BigDecimal(remaining).signum() <= 0;
        }
    }
}
