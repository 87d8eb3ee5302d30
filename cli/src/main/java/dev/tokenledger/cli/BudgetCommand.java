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
        subcommands = {BudgetCommand.ListBudgets.class, BudgetCommand.Show.class, BudgetCommand.Check.class, BudgetCommand.Create.class,
                BudgetCommand.Set.class, BudgetCommand.Credit.class, BudgetCommand.ReEnable.class})
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
            output.print(System.out, Connection.json().valueToTree(chosen), chosen, COLUMNS);
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

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One budget's status: its window, limit, spent, reserved, remaining.")
    static final class Show implements Runnable {
        @Mixin
        Connection api;
        @Mixin
        Output output;

        @Parameters(paramLabel = "ID", description = "The budget.")
        long id;

        @Override
        public void run() {
            JsonNode status = api.get("budget", "/v1/budgets/" + id + "/status");
            output.print(System.out, status, List.of(status), COLUMNS);
        }
    }

    /** The settings {@code create} and {@code set} share. */
    static final class Settings {
        @Option(names = "--name", description = "Its name.")
        String name;
        @Option(names = "--scope", description = "What it counts: --scope project=checkout --scope model=gpt-4o (none: the whole tenant).")
        Map<String, String> scope;
        @Option(names = "--period", description = "day, week, month, quarter or year.")
        String period;
        @Option(names = "--time-zone", description = "IANA time zone of its periods.")
        String timeZone;
        @Option(names = "--unit", description = "usd, tokens or requests.")
        String unit;
        @Option(names = "--limit", description = "The limit, a decimal.")
        String limit;
        @Option(names = "--thresholds", split = ",", description = "Percentages that raise an alert (50,75,90,100).")
        List<Integer> thresholds;
        @Option(names = "--enforcement", description = "alert, warn or block.")
        String enforcement;

        void onto(com.fasterxml.jackson.databind.node.ObjectNode body) {
            put(body, "name", name);
            put(body, "period", period);
            put(body, "time_zone", timeZone);
            put(body, "unit", unit);
            put(body, "limit", limit);
            put(body, "enforcement", enforcement);
            if (scope != null) {
                body.set("scope", Connection.json().valueToTree(scope));
            }
            if (thresholds != null) {
                body.set("thresholds", Connection.json().valueToTree(thresholds));
            }
        }

        private static void put(com.fasterxml.jackson.databind.node.ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    static final List<Output.Column> BUDGET = List.of(Output.Column.number("id", "/id"), Output.Column.text("name", "/name"),
            Output.Column.text("period", "/period"), Output.Column.text("unit", "/unit"), Output.Column.number("limit", "/limit"),
            Output.Column.text("enforcement", "/enforcement"));

    @Command(name = "create", mixinStandardHelpOptions = true, description = {"A new budget (tenant admins).",
            "Example: tokenledger cost budget create --name checkout --scope project=checkout --period month --unit usd --limit 500"})
    static final class Create implements Runnable {
        @Mixin
        Connection api;
        @Mixin
        Output output;
        @picocli.CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        Settings settings;

        @Override
        public void run() {
            com.fasterxml.jackson.databind.node.ObjectNode body = Connection.json().createObjectNode();
            settings.onto(body);
            JsonNode created = api.send("budget", "POST", "/v1/budgets", body);
            output.print(System.out, created, List.of(created), BUDGET);
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = {"Change a budget: only the settings given change.",
            "Example: tokenledger cost budget set 42 --limit 750"})
    static final class Set implements Runnable {
        @Mixin
        Connection api;
        @Mixin
        Output output;
        @Parameters(paramLabel = "ID", description = "The budget.")
        long id;
        @picocli.CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
        Settings settings;

        @Override
        public void run() {
            com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) api.get("budget", "/v1/budgets/" + id);
            body.remove(List.of("id", "tripped", "tripped_reason", "created_at"));
            settings.onto(body);
            JsonNode changed = api.send("budget", "PUT", "/v1/budgets/" + id, body);
            output.print(System.out, changed, List.of(changed), BUDGET);
        }
    }

    @Command(name = "credit", mixinStandardHelpOptions = true, description = {"Add to a budget's limit for its current period, with the reason recorded.",
            "Example: tokenledger cost budget credit 42 --amount 100 --reason \"launch week\""})
    static final class Credit implements Runnable {
        @Mixin
        Connection api;
        @Mixin
        Output output;
        @Parameters(paramLabel = "ID", description = "The budget.")
        long id;
        @Option(names = "--amount", required = true, description = "How much, a decimal in the budget's unit.")
        String amount;
        @Option(names = "--reason", required = true, description = "Why (kept in the audit log).")
        String reason;

        @Override
        public void run() {
            JsonNode status = api.send("budget", "POST", "/v1/budgets/" + id + "/credits",
                    Connection.json().createObjectNode().put("amount", amount).put("reason", reason));
            output.print(System.out, status, List.of(status), COLUMNS);
        }
    }

    @Command(name = "re-enable", mixinStandardHelpOptions = true, description = "Re-enable a budget whose kill switch tripped.")
    static final class ReEnable implements Runnable {
        @Mixin
        Connection api;
        @Mixin
        Output output;
        @Parameters(paramLabel = "ID", description = "The budget.")
        long id;

        @Override
        public void run() {
            JsonNode budget = api.send("budget", "POST", "/v1/budgets/" + id + "/re-enable", Connection.json().createObjectNode());
            output.print(System.out, budget, List.of(budget), BUDGET);
        }
    }
}
