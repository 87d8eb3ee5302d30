package dev.tokenledger.report.advice;

import dev.tokenledger.common.money.Money;
import dev.tokenledger.report.api.ReportContext;
import dev.tokenledger.report.query.ReportQueries;
import dev.tokenledger.report.query.Totals;
import dev.tokenledger.report.store.Dimension;
import dev.tokenledger.report.store.DimensionDictionary;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For the most expensive (feature or project, model) pairs of a period, what the same tokens would
 * cost on cheaper models of the same provider and at a 50 % cache-hit ratio — quoted by the
 * pricing-service at today's prices with the tenant's discounts. Estimates, labelled as such;
 * quality is not compared.
 */
@ApplicationScoped
public class AdviceService {

    static final String NOTE = "Estimates: the same tokens priced at today's list prices (with your discounts) on other models of the"
            + " same provider, and with more input read from the prompt cache. Output quality is not compared.";

    public record Alternative(String model, Money estimatedCost, Money saving, String savingPercent) {
    }

    public record CacheScenario(String hitRatio, String targetHitRatio, Money estimatedCost, Money saving) {
    }

    public record Item(Map<String, String> key, String provider, String model, long calls, Totals.Tokens tokens, Money trackedCost,
                       Money listCostToday, List<Alternative> cheaperModels, CacheScenario cache, String note) {
    }

    public record Advice(Instant from, Instant to, String timeZone, String by, String note, List<Item> items) {
    }

    @Inject
    ReportQueries queries;

    @Inject
    DimensionDictionary dictionary;

    @Inject
    PricingClient pricing;

    /** {@code by} is feature or project; {@code authorization} is the caller's own bearer header. */
    public Uni<Advice> advise(ReportContext.Resolved ctx, Dimension dim, int top, String authorization) {
        String by = dim.apiName();
        return queries.groups(ctx.tenant().id(), ctx.period(), ctx.filters(), List.of(dim, Dimension.PROVIDER, Dimension.MODEL))
                .chain(groups -> {
                    List<ReportQueries.Group> chosen = groups.stream().filter(g -> g.totals().cost().amount().signum() > 0).limit(top).toList();
                    return dictionary.names(chosen.stream().flatMap(g -> g.keys().stream()).toList()).chain(names -> {
                        Map<String, Uni<List<PricingClient.ModelPrice>>> catalogues = new HashMap<>();
                        Uni<List<Item>> items = Uni.createFrom().item(new ArrayList<>());
                        for (ReportQueries.Group g : chosen) {
                            String provider = names.get(g.keys().get(1));
                            String model = names.get(g.keys().get(2));
                            Integer keyId = g.keys().get(0);
                            Map<String, String> key = Map.of(by, keyId == 0 ? "(none)" : names.get(keyId));
                            Uni<List<PricingClient.ModelPrice>> models = catalogues.computeIfAbsent(provider,
                                    p -> pricing.models(authorization, p).memoize().indefinitely());
                            items = items.chain(list -> models.chain(m -> item(authorization, key, provider, model, g.totals(), m))
                                    .map(i -> {
                                        list.add(i);
                                        return list;
                                    }));
                        }
                        return items;
                    }).map(list -> new Advice(ctx.period().from(), ctx.period().to(), ctx.period().zone().getId(), by, NOTE, list));
                });
    }

    private Uni<Item> item(String auth, Map<String, String> key, String provider, String model, Totals t, List<PricingClient.ModelPrice> models) {
        return pricing.quote(auth, provider, model, t.tokens()).chain(current -> {
            if (current.isEmpty()) {
                return Uni.createFrom().item(new Item(key, provider, model, t.calls(), t.tokens(), t.cost(), null, List.of(), null,
                        "no price today for " + provider + "/" + model + ": nothing to compare"));
            }
            BigDecimal now = current.get();
            List<PricingClient.ModelPrice> candidates = CheaperModels.candidates(model, models);
            Uni<List<Alternative>> alternatives = Uni.createFrom().item(new ArrayList<>());
            for (PricingClient.ModelPrice c : candidates) {
                alternatives = alternatives.chain(list -> pricing.quote(auth, provider, c.model(), t.tokens()).map(q -> {
                    q.ifPresent(cost -> list.add(new Alternative(c.model(), usd(cost), usd(now.subtract(cost)), percent(now.subtract(cost), now))));
                    return list;
                }));
            }
            BigDecimal ratio = CheaperModels.hitRatio(t.tokens());
            Uni<Optional<BigDecimal>> cached = ratio.compareTo(CheaperModels.TARGET_HIT_RATIO) >= 0 ? Uni.createFrom().item(Optional.empty())
                    : pricing.quote(auth, provider, model, CheaperModels.atHitRatio(t.tokens(), CheaperModels.TARGET_HIT_RATIO));
            return alternatives.chain(alts -> cached.map(c -> new Item(key, provider, model, t.calls(), t.tokens(), t.cost(), usd(now), alts,
                    new CacheScenario(ratio.toPlainString(), CheaperModels.TARGET_HIT_RATIO.toPlainString(), c.map(AdviceService::usd).orElse(null),
                            c.map(v -> usd(now.subtract(v))).orElse(null)),
                    candidates.isEmpty() ? "no model of " + provider + " is cheaper on both input and output" : null)));
        });
    }

    private static Money usd(BigDecimal v) {
        return Money.of(v, "USD");
    }

    private static String percent(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.multiply(BigDecimal.valueOf(100)).divide(whole, MathContext.DECIMAL64)
                .setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
