package dev.tokenledger.budget.decision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.common.json.Json;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worst-case USD cost of a request, through the pricing-service's quote (with the caller's own
 * token, so the tenant's discounts and prices apply). A model's rates per input and output token
 * are quoted once and reused for {@code quote-cache-ttl}; prompts over 128k tokens are quoted
 * exactly, because long-context tiers change the whole request's rates. While the pricing-service
 * cannot answer, a model's last quoted rates are reused past their TTL; without any,
 * {@link PricingUnavailable} lets the caller apply {@code on-pricing-error}.
 */
@ApplicationScoped
public class WorstCaseQuotes {

    private static final Logger LOG = Logger.getLogger(WorstCaseQuotes.class);
    static final long LONG_CONTEXT = 128_000;
    /** While the pricing-service fails, stale rates are used this long before it is asked again. */
    private static final Duration STALE_RETRY = Duration.ofSeconds(5);

    @Inject
    BudgetConfig config;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Rates> cache = new ConcurrentHashMap<>();

    private record Rates(BigDecimal perMillionInput, BigDecimal perMillionOutput, Instant until) {
    }

    /** No price for the model: its cost cannot be bounded. */
    public static final class Unpriceable extends RuntimeException {
        public Unpriceable(String message) {
            super(message, null, false, false);
        }
    }

    /** The pricing-service could not give a quote (unreachable, timed out or failing) and no earlier rates are at hand. */
    public static final class PricingUnavailable extends RuntimeException {
        public PricingUnavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    public Uni<BigDecimal> worstCase(String tenant, String authorization, String provider, String model, long input, long output) {
        if (input > LONG_CONTEXT) {
            return quote(authorization, provider, model, input, output)
                    .onFailure(e -> !(e instanceof Unpriceable)).transform(e -> unavailable(provider, model, e));
        }
        String key = tenant + '\u0000' + provider + '\u0000' + model;
        Rates r = cache.get(key);
        if (r != null && r.until().isAfter(Instant.now())) {
            return Uni.createFrom().item(cost(r, input, output));
        }
        return Uni.combine().all().unis(quote(authorization, provider, model, 1_000_000, 0), quote(authorization, provider, model, 0, 1_000_000))
                .asTuple().map(t -> {
                    Rates fresh = new Rates(t.getItem1(), t.getItem2(), Instant.now().plus(config.quoteCacheTtl()));
                    cache.put(key, fresh);
                    return cost(fresh, input, output);
                })
                .onFailure(e -> !(e instanceof Unpriceable)).recoverWithUni(e -> {
                    if (r == null) {
                        return Uni.createFrom().failure(unavailable(provider, model, e));
                    }
                    // stale rates bound the cost better than failing every decision while pricing is away;
                    // kept a few seconds more, so that decisions do not each wait for a quote that fails
                    LOG.warnf("pricing quote for %s/%s failed (%s); reusing its last quoted rates", provider, model, e.getMessage());
                    cache.put(key, new Rates(r.perMillionInput(), r.perMillionOutput(), Instant.now().plus(STALE_RETRY)));
                    return Uni.createFrom().item(cost(r, input, output));
                });
    }

    private static PricingUnavailable unavailable(String provider, String model, Throwable cause) {
        return new PricingUnavailable("the pricing-service could not quote " + provider + "/" + model + " (" + cause.getMessage() + ")", cause);
    }

    /** Exact; a shift of the decimal point rather than {@code divide}, whose exact path costs a long division per decision. */
    private static BigDecimal cost(Rates r, long input, long output) {
        return r.perMillionInput().multiply(BigDecimal.valueOf(input)).add(r.perMillionOutput().multiply(BigDecimal.valueOf(output)))
                .movePointLeft(6);
    }

    private Uni<BigDecimal> quote(String authorization, String provider, String model, long input, long output) {
        String body = Json.write(Map.of("provider", provider, "model", model,
                "usage", Map.of("input_tokens", input, "output_tokens", output)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.pricingUrl() + "/v1/quotes"))
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).map(resp -> {
            if (resp.statusCode() == 422) {
                throw new Unpriceable("no price for " + provider + "/" + model + ": its worst case cannot be bounded");
            }
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("pricing quote answered " + resp.statusCode());
            }
            try {
                JsonNode cost = Json.mapper().readTree(resp.body()).path("pricing").path("cost").path("amount");
                return new BigDecimal(cost.asText());
            } catch (java.io.IOException | NumberFormatException e) {
                throw new IllegalStateException("unreadable pricing quote", e);
            }
        });
    }
}
