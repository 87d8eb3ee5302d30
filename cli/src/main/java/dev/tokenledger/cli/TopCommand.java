package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** {@code cost top [--by session] [-n 10]}: the most expensive values of one dimension, the rest added up as (other). */
@Command(name = "top", mixinStandardHelpOptions = true, description = "The most expensive sessions, projects, models, features, customers or users.")
public final class TopCommand implements Runnable {

    @Mixin
    Connection api;
    @Mixin
    ReportQuery query;
    @Mixin
    Output output;

    @Option(names = "--by", defaultValue = "session", description = "session, project, model, provider, feature, customer, user, agent (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(names = {"-n", "--top"}, defaultValue = "10", description = "How many (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public void run() {
        JsonNode breakdown = api.get("report", "/v1/reports/breakdown" + query.query(Map.of("by", by, "top", String.valueOf(top))));
        output.print(System.out, breakdown, breakdown.path("groups"), Groups.columns(List.of(by), output.format));
    }
}
