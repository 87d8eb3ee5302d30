package dev.tokenledger.pricing.quote;

import jakarta.annotation.security.RolesAllowed;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.pricing.catalogue.EntryJson;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.pricer.PriceBook;
import dev.tokenledger.pricing.pricer.PriceBookHolder;
import dev.tokenledger.pricing.pricer.UsagePricer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/quotes}: what a hypothetical usage costs (budget checks, "what would this have
 * cost on model X"), with the caller's tenant's prices and discounts. {@code GET /v1/models}:
 * the prices in force, searchable.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class QuoteResource {

    private static final Set<String> SERVICE_TIERS = Set.of("standard", "batch", "flex", "priority");

    @Inject
    Caller caller;

    @Inject
    PriceBookHolder books;

    private final UsagePricer pricer = new UsagePricer(Clock.systemUTC());

    public record QuoteRequest(String provider, String model, Usage usage, String serviceTier, Instant at) {
    }

    public record Quote(String provider, String model, Instant at, Pricing pricing) {
    }

    public record ModelList(long catalogueVersion, Instant at, int total, List<EntryJson.Entry> items) {
    }

    @RolesAllowed({Roles.GATEWAY, Roles.TENANT_ADMIN, Roles.TENANT_VIEWER, Roles.PLATFORM_ADMIN})
    @POST
    @Path("/quotes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Quote> quote(QuoteRequest r) {
        validate(r);
        String tenant = caller.tenantId();
        Instant at = r.at() != null ? r.at() : Instant.now();
        UsageRecorded usage = new UsageRecorded(UsageRecorded.SCHEMA_VERSION, UsageRecorded.TYPE, tenant, "quote", at, at,
                r.provider(), r.model(), "quote", "success", null, null, r.serviceTier() == null ? "standard" : r.serviceTier(),
                r.usage(), null, Attribution.none());
        return books.book().chain(book -> dev.tokenledger.pricing.pricer.OffTheEventLoop.compute(() -> {
            Pricing pricing = pricer.pricing(usage, book, 1, null, null);
            if (!pricing.isPriced()) {
                // a quote is never $0 for something we cannot price
                throw ProblemException.unprocessable("/model", pricing.unpricedReason());
            }
            return new Quote(r.provider(), r.model(), at, pricing);
        }));
    }

    @RolesAllowed({Roles.GATEWAY, Roles.TENANT_ADMIN, Roles.TENANT_VIEWER, Roles.PLATFORM_ADMIN})
    @GET
    @Path("/models")
    public Uni<ModelList> models(@QueryParam("q") String q, @QueryParam("provider") String provider,
                                 @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("offset") @DefaultValue("0") int offset) {
        String tenant = caller.tenantId();
        Instant now = Instant.now();
        String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
        return books.book().map(book -> {
            List<PriceEntry> matching = new ArrayList<>();
            for (PriceEntry e : book.inForceAt(tenant, now)) {
                if ((provider == null || e.provider().equalsIgnoreCase(provider))
                        && (needle == null || e.key().toLowerCase(Locale.ROOT).contains(needle))) {
                    matching.add(e);
                }
            }
            matching.sort(Comparator.comparing((PriceEntry e) -> e.scope().equals(PriceEntry.GLOBAL)).thenComparing(PriceEntry::key));
            int from = Math.max(0, Math.min(offset, matching.size()));
            int to = Math.min(matching.size(), from + Math.max(1, Math.min(limit, 1000)));
            return new ModelList(book.version(), now, matching.size(), matching.subList(from, to).stream().map(EntryJson::toJson).toList());
        });
    }

    private static void validate(QuoteRequest r) {
        if (r == null) {
            throw ProblemException.validation("", "a body with provider, model and usage is required");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r.provider() == null || r.provider().isBlank()) {
            errors.add(new Problem.FieldError("/provider", "is required"));
        }
        if (r.model() == null || r.model().isBlank()) {
            errors.add(new Problem.FieldError("/model", "is required"));
        }
        if (r.serviceTier() != null && !SERVICE_TIERS.contains(r.serviceTier())) {
            errors.add(new Problem.FieldError("/service_tier", "must be one of " + new java.util.TreeSet<>(SERVICE_TIERS)));
        }
        Usage u = r.usage();
        if (u == null) {
            errors.add(new Problem.FieldError("/usage", "is required"));
        } else {
            long[] counts = {u.inputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.cacheWrite1hTokens(), u.outputTokens(), u.reasoningTokens()};
            String[] names = {"input_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens", "output_tokens", "reasoning_tokens"};
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    errors.add(new Problem.FieldError("/usage/" + names[i], "must not be negative"));
                }
            }
            if (u.reasoningTokens() > u.outputTokens()) {
                errors.add(new Problem.FieldError("/usage/reasoning_tokens", "is part of output_tokens and cannot exceed it"));
            }
            for (Map.Entry<String, BigDecimal> unit : u.units().entrySet()) {
                if (unit.getValue() == null || unit.getValue().signum() < 0) {
                    errors.add(new Problem.FieldError("/usage/units/" + unit.getKey(), "must be a non-negative number"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }
}
