package dev.tokenledger.report.advice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.config.ReportConfig;
import dev.tokenledger.report.query.Totals;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pricing-service's quote and model-list APIs, called with the caller's own token so the
 * tenant's discounts and own prices apply to the advice as they do to its bill.
 */
@ApplicationScoped
public class PricingClient {

    @Inject
    ReportConfig config;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A model in force now with its list prices per million tokens (input, output, cache_read, …). */
    public record ModelPrice(String provider, String model, Map<String, BigDecimal> perMillion) {
    }

    public Uni<List<ModelPrice>> models(String authorization, String provider) {
        String url = config.pricingUrl() + "/v1/models?limit=1000&provider=" + URLEncoder.encode(provider, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).header("Authorization", authorization)
                .GET().build();
        return send(request).map(resp -> {
            if (resp.statusCode() != 200) {
                throw ProblemException.unavailable("the pricing-service answered " + resp.statusCode() + " for its model list", 5);
            }
            List<ModelPrice> out = new ArrayList<>();
            for (JsonNode item : read(resp.body()).path("items")) {
                Map<String, BigDecimal> prices = new LinkedHashMap<>();
                item.path("prices_per_million_tokens").fields().forEachRemaining(f -> prices.put(f.getKey(), new BigDecimal(f.getValue().asText())));
                out.add(new ModelPrice(item.path("provider").asText(), item.path("model").asText(), prices));
            }
            return out;
        });
    }

    /** The cost of these tokens on the model at today's prices; empty when the model has no price. */
    public Uni<Optional<BigDecimal>> quote(String authorization, String provider, String model, Totals.Tokens tokens) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", tokens.input());
        usage.put("cache_read_tokens", tokens.cacheRead());
        usage.put("cache_write_tokens", tokens.cacheWrite());
        usage.put("cache_write_1h_tokens", tokens.cacheWrite1h());
        usage.put("output_tokens", tokens.output());
        usage.put("reasoning_tokens", tokens.reasoning());
        String body = Json.write(Map.of("provider", provider, "model", model, "usage", usage));
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.pricingUrl() + "/v1/quotes")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request).map(resp -> {
            if (resp.statusCode() == 422) {
                return Optional.<BigDecimal>empty();
            }
            if (resp.statusCode() != 200) {
                throw ProblemException.unavailable("the pricing-service answered " + resp.statusCode() + " to a quote", 5);
            }
            return Optional.of(new BigDecimal(read(resp.body()).path("pricing").path("cost").path("amount").asText()));
        });
    }

    private Uni<HttpResponse<String>> send(HttpRequest request) {
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .onFailure(e -> !(e instanceof ProblemException))
                .transform(e -> ProblemException.unavailable("the pricing-service cannot be reached for quotes: " + e.getMessage(), 5));
    }

    private static JsonNode read(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw ProblemException.unavailable("the pricing-service sent an unreadable answer", 5);
        }
    }
}
