package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code cost models [QUERY]}: the prices in force now, per million tokens. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Prices in force now, per million tokens.")
public final class ModelsCommand implements Runnable {

    @Mixin
    Connection api;
    @Mixin
    Output output;

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "Part of a model's name.")
    String q;

    @Option(names = "--provider", description = "Only this provider.")
    String provider;

    @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public void run() {
        String query = "?limit=" + limit + (q != null ? "&q=" + Connection.enc(q) : "") + (provider != null ? "&provider=" + Connection.enc(provider) : "");
        JsonNode models = api.get("pricing", "/v1/models" + query);
        output.print(System.out, models, models.path("items"), List.of(Output.Column.text("provider", "/provider"),
                Output.Column.text("model", "/model"), Output.Column.number("input /M", "/prices_per_million_tokens/input"),
                Output.Column.number("cache read /M", "/prices_per_million_tokens/cache_read"),
                Output.Column.number("output /M", "/prices_per_million_tokens/output"), Output.Column.text("currency", "/currency")));
    }
}
