package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code cost quote --model M --input N --output N}: what a call would cost at today's prices, line by line. */
@Command(name = "quote", mixinStandardHelpOptions = true, description = "What a call with these tokens would cost now.")
public final class QuoteCommand implements Runnable {

    @Mixin
    Connection api;
    @Mixin
    Output output;

    @Option(names = "--model", required = true, description = "The model.")
    String model;
    @Option(names = "--provider", description = "Its provider (default: the catalogue's provider of the model).")
    String provider;
    @Option(names = "--input", defaultValue = "0", description = "Input tokens (not cached).")
    long input;
    @Option(names = "--cache-read", defaultValue = "0", description = "Input tokens read from the cache.")
    long cacheRead;
    @Option(names = "--output", defaultValue = "0", description = "Output tokens.")
    long outputTokens;
    @Option(names = "--tier", description = "standard, batch, flex or priority.")
    String tier;

    @Override
    public void run() {
        String p = provider != null ? provider : providerOf(model);
        ObjectNode body = Connection.json().createObjectNode().put("provider", p).put("model", model);
        body.putObject("usage").put("input_tokens", input).put("cache_read_tokens", cacheRead).put("output_tokens", outputTokens);
        if (tier != null) {
            body.put("service_tier", tier);
        }
        JsonNode quote = api.post("pricing", "/v1/quotes", body);
        boolean table = output.format == Output.Format.table;
        output.print(System.out, quote, quote.at("/pricing/line_items"), List.of(Output.Column.text("item", "/item"),
                Output.Column.number("quantity", "/quantity"), Output.Column.number("unit price", "/unit_price"),
                Output.Column.number("per", "/per"), Output.Column.number("amount", "/amount/amount")));
        if (table) {
            System.out.println("total " + quote.at("/pricing/cost/amount").asText() + " " + quote.at("/pricing/cost/currency").asText());
        }
    }

    private String providerOf(String m) {
        JsonNode models = api.get("pricing", "/v1/models?q=" + Connection.enc(m) + "&limit=100");
        for (JsonNode e : models.path("items")) {
            if (m.equals(e.path("model").asText())) {
                return e.path("provider").asText();
            }
        }
        throw new ApiException("no price for a model named " + m + " in the catalogue; give --provider or look with: tokenledger cost models " + m);
    }
}
