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
 * are quoted once and asked again in the background after {@code quote-cache-ttl}; prompts over
 * 128k tokens are quoted exactly, because long-context tiers change the whole request's rates.
 * While the pricing-service cannot answer, a model's last quoted rates are reused; without any,
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
    private final Map<String, Boolean> refreshing = new ConcurrentHashMap<>();
    /** The first quote of a model, shared by every decision that needs it before it is answered. */
    private final Map<String, Uni<Rates>> loading = new ConcurrentHashMap<>();

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
        if (r != null) {
            if (!r.until().isAfter(Instant.now()) && refreshing.putIfAbsent(key, Boolean.TRUE) == null) {
                refresh(key, authorization, provider, model, r);
            }
            return Uni.createFrom().item(cost(r, input, output));
        }
        // many callers of a model not quoted yet (a gateway's first burst) wait for one pair of quotes,
        // not one each: a burst of 50 had 100 quotes in flight and some timed out after 2 s
        return loading.computeIfAbsent(key, k -> rates(authorization, provider, model)
                        .invoke(fresh -> cache.put(k, fresh))
                        .onTermination().invoke(() -> loading.remove(k))
                        .memoize().indefinitely())
                .map(fresh -> cost(fresh, input, output))
                .onFailure(e -> !(e instanceof Unpriceable)).transform(e -> unavailable(provider, model, e));
    }

    /**
     * Rates past their TTL are asked again in the background, once, while decisions go on with them:
     * when every decision that found them expired waited for a quote of its own, each minute dozens
     * of quotes at once kept the pricing-service busy and all decisions waited 100–200 ms. While
     * the pricing-service fails, the old rates are kept {@link #STALE_RETRY} more before the next try.
     */
    private void refresh(String key, String authorization, String provider, String model, Rates stale) {
        rates(authorization, provider, model).eventually(() -> refreshing.remove(key)).subscribe().with(
                fresh -> cache.put(key, fresh),
                e -> {
                    if (e instanceof Unpriceable) {
                        cache.remove(key, stale); // the model lost its price: its cost cannot be bounded any more
                    } else {
                        LOG.warnf("pricing quote for %s/%s failed (%s); reusing its last quoted rates", provider, model, e.getMessage());
                        cache.replace(key, stale, new Rates(stale.perMillionInput(), stale.perMillionOutput(), Instant.now().plus(STALE_RETRY)));
                    }
                });
    }

    /** A model's rates per million input and output tokens, from two quotes. */
    private Uni<Rates> rates(String authorization, String provider, String model) {
        return Uni.combine().all().unis(quote(authorization, provider, model, 1_000_000, 0), quote(authorization, provider, model, 0, 1_000_000))
                .asTuple().map(t -> new Rates(t.getItem1(), t.getItem2(), Instant.now().plus(config.quoteCacheTtl())));
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
