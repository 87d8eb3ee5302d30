package dev.tokenledger.pricing.override;

import dev.tokenledger.common.money.DecimalBounds;

import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.pricing.catalogue.CatalogueErrors;
import dev.tokenledger.pricing.catalogue.CatalogueResource;
import dev.tokenledger.pricing.catalogue.CatalogueService;
import dev.tokenledger.pricing.catalogue.CatalogueStore;
import dev.tokenledger.pricing.catalogue.EntryEdits;
import dev.tokenledger.pricing.catalogue.EntryJson;
import dev.tokenledger.pricing.price.Discount;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.ProviderNames;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A tenant's own terms: negotiated discounts (percent, per provider or model) and custom prices,
 * effective-dated and versioned like the public catalogue, visible to and changed by that tenant
 * only. Another tenant's override answers 404.
 */
@Path("/v1/overrides")
@Produces(MediaType.APPLICATION_JSON)
public class OverrideResource {

    @Inject
    Caller caller;

    @Inject
    CatalogueStore store;

    @Inject
    CatalogueService catalogue;

    public record DiscountRequest(String provider, String model, String percent, Instant effectiveFrom, Instant effectiveTo, String reason) {
    }

    public record DiscountView(long id, String provider, String model, String percent, Instant effectiveFrom, Instant effectiveTo, String reason) {
        static DiscountView of(Discount d) {
            return new DiscountView(d.id(), d.provider(), d.model(), d.percent().toPlainString(), d.effectiveFrom(), d.effectiveTo(), d.reason());
        }
    }

    public record Overrides(String tenant, List<DiscountView> discounts, List<EntryJson.Entry> prices) {
    }

    public record Change(CatalogueResource.VersionView version, List<DiscountView> discounts, List<EntryJson.Entry> prices) {
    }

    @GET
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<Overrides> list() {
        String tenant = caller.tenantId();
        return Uni.combine().all().unis(store.liveDiscounts(), store.entriesAsOf(tenant, Long.MAX_VALUE)).asTuple()
                .map(t -> new Overrides(tenant,
                        t.getItem1().stream().filter(d -> d.tenantId().equals(tenant)).sorted(Comparator.comparingLong(Discount::id))
                                .map(DiscountView::of).toList(),
                        t.getItem2().stream().sorted(Comparator.comparingLong(PriceEntry::id)).map(EntryJson::toJson).toList()));
    }

    @POST
    @Path("/discounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<Change> addDiscount(DiscountRequest r) {
        Discount d = discount(caller.tenantId(), r);
        return catalogue.addDiscount(d, AuditTrail.Actor.of(caller))
                .onFailure().transform(e -> CatalogueErrors.toProblem(e, ""))
                .map(res -> new Change(version(res), res.discountsAdded().stream().map(DiscountView::of).toList(), List.of()));
    }

    @DELETE
    @Path("/discounts/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<Change> endDiscount(@PathParam("id") long id, @QueryParam("reason") String reason) {
        return catalogue.endDiscount(caller.tenantId(), id, Instant.now(), AuditTrail.Actor.of(caller), reasonOr(reason, "discount " + id + " ended"))
                .onFailure().transform(e -> CatalogueErrors.toProblem(e, ""))
                .map(res -> new Change(version(res), res.discountsAdded().stream().map(DiscountView::of).toList(), List.of()));
    }

    @POST
    @Path("/prices")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<Change> addPrices(CatalogueResource.EntriesEdit edit) {
        String tenant = caller.tenantId();
        List<PriceEntry> entries = EntryEdits.read(edit, tenant, "tenant");
        Instant from = EntryEdits.from(edit);
        return catalogue.editEntries(tenant, "tenant", entries, from, AuditTrail.Actor.of(caller), edit.reason())
                .onFailure().transform(e -> CatalogueErrors.toProblem(e, "/entries"))
                .chain(res -> store.entriesAsOf(tenant, res.version().id()).map(all -> new Change(version(res), List.of(),
                        all.stream().sorted(Comparator.comparingLong(PriceEntry::id)).map(EntryJson::toJson).toList())));
    }

    @DELETE
    @Path("/prices/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<Change> endPrice(@PathParam("id") long id, @QueryParam("reason") String reason) {
        String tenant = caller.tenantId();
        return catalogue.endEntry(tenant, "tenant", id, Instant.now(), AuditTrail.Actor.of(caller), reasonOr(reason, "price " + id + " ended"))
                .onFailure().transform(e -> CatalogueErrors.toProblem(e, ""))
                .map(res -> new Change(version(res), List.of(), List.of()));
    }

    private static CatalogueResource.VersionView version(CatalogueService.Result res) {
        return new CatalogueResource.VersionView(res.version().id(), res.version().scope(), res.version().source(), res.version().author(),
                res.version().reason(), res.version().createdAt(), res.version().effectiveFrom(), res.version().added(), res.version().removed());
    }

    private static String reasonOr(String reason, String otherwise) {
        return reason == null || reason.isBlank() ? otherwise : reason;
    }

    private static Discount discount(String tenant, DiscountRequest r) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (r == null) {
            throw ProblemException.validation("", "a body with provider, percent and reason is required");
        }
        if (r.provider() == null || r.provider().isBlank()) {
            errors.add(new Problem.FieldError("/provider", "is required (a provider such as anthropic, or * for every provider)"));
        }
        if (r.reason() == null || r.reason().isBlank()) {
            errors.add(new Problem.FieldError("/reason", "is required: every price change says why"));
        }
        BigDecimal percent = null;
        try {
            percent = r.percent() == null ? null : DecimalBounds.parse(r.percent());
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError("/percent", DecimalBounds.message(e, "must be a decimal string such as \"12.5\"")));
        }
        if (r.percent() == null) {
            errors.add(new Problem.FieldError("/percent", "is required"));
        } else if (percent != null && (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0)) {
            errors.add(new Problem.FieldError("/percent", "must be more than 0 and at most 100"));
        }
        Instant from = r.effectiveFrom() != null ? r.effectiveFrom() : Instant.now();
        if (r.effectiveTo() != null && !r.effectiveTo().isAfter(from)) {
            errors.add(new Problem.FieldError("/effective_to", "must be after effective_from"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        String provider = r.provider().equals(PriceEntry.ANY_PROVIDER) ? r.provider() : ProviderNames.canonical(r.provider());
        return new Discount(0, tenant, provider, r.model(), percent, from, r.effectiveTo(), r.reason());
    }
}
