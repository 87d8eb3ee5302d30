package dev.tokenledger.budget.budget;

import dev.tokenledger.common.money.DecimalBounds;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Budgets of the caller's tenant: tenant admins change them, viewers read them; another tenant's budget is 404. */
@Path("/v1/budgets")
@Produces(MediaType.APPLICATION_JSON)
public class BudgetResource {

    @Inject
    Caller caller;

    @Inject
    BudgetStore store;

    @Inject
    BudgetStatuses statuses;

    @Inject
    TenantBudgets tenantBudgets;

    public record BudgetView(long id, String name, Map<String, String> scope, String period, String timeZone, String unit, String limit,
                             List<Integer> thresholds, String enforcement, String perRequestCeiling, boolean tripped, String trippedReason,
                             Instant createdAt, boolean allowanceLeases) {
        static BudgetView of(Budget b) {
            return new BudgetView(b.id(), b.name(), b.scope().dimensions(), b.period().toString(), b.zone().getId(), b.unit().wireName(),
                    b.limit().toPlainString(), b.thresholds(), b.enforcement().wireName(),
                    b.perRequestCeiling() == null ? null : b.perRequestCeiling().toPlainString(), b.isTripped(), b.trippedReason(), b.createdAt(),
                    b.allowanceLeases());
        }
    }

    public record Status(BudgetView budget, Instant periodStart, Instant periodEnd, Instant resetAt, String credits, String effectiveLimit,
                         String spent, String reserved, String leased, String remaining, String percentUsed, long events, long unpricedEvents) {
    }

    public record CreditRequest(String amount, String reason) {
    }

    public record StatusList(List<Status> items, int total) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @org.jboss.resteasy.reactive.ResponseStatus(201)
    public Uni<BudgetView> create(BudgetRequest request) {
        Budget b = body(request).toBudget(0, caller.tenantId());
        return store.create(b, caller).invoke(x -> tenantBudgets.changed(b.tenantId())).map(BudgetView::of);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<BudgetView> update(@PathParam("id") long id, BudgetRequest request) {
        Budget b = body(request).toBudget(id, caller.tenantId());
        return store.update(b, caller).invoke(x -> tenantBudgets.changed(b.tenantId())).map(u -> {
            if (u == null) {
                throw ProblemException.notFound("budget " + id);
            }
            return BudgetView.of(u);
        });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<Void> delete(@PathParam("id") long id) {
        String tenant = caller.tenantId();
        return store.delete(tenant, id, caller).invoke(x -> tenantBudgets.changed(tenant)).invoke(found -> {
            if (!found) {
                throw ProblemException.notFound("budget " + id);
            }
        }).replaceWithVoid();
    }

    /**
     * Grants a credit for the current period (a free tier, a one-off increase): it adds to the limit
     * until the period ends (for a rolling window, while today is in it). Recorded with who and why.
     */
    @POST
    @Path("/{id}/credits")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<Status> credit(@PathParam("id") long id, CreditRequest r) {
        BigDecimal amount;
        String refused = null;
        try {
            amount = r == null || r.amount() == null ? null : DecimalBounds.parse(r.amount());
        } catch (NumberFormatException e) {
            amount = null;
            refused = e instanceof DecimalBounds.OutOfBounds ? DecimalBounds.RULE : null;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (refused != null) {
            errors.add(new Problem.FieldError("/amount", refused));
        } else if (amount == null || amount.signum() <= 0) {
            errors.add(new Problem.FieldError("/amount", "must be a positive decimal string such as \"50\""));
        }
        if (r == null || r.reason() == null || r.reason().isBlank()) {
            errors.add(new Problem.FieldError("/reason", "is required: a credit says why"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        BigDecimal granted = amount;
        return found(id).chain(b -> store.grantCredit(b, granted, r.reason(), caller).chain(() -> status(b)));
    }

    /** Re-enables a budget whose kill switch tripped. */
    @POST
    @Path("/{id}/re-enable")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<BudgetView> reEnable(@PathParam("id") long id) {
        String tenant = caller.tenantId();
        return store.reEnable(tenant, id, caller).invoke(x -> tenantBudgets.changed(tenant)).map(b -> {
            if (b == null) {
                throw ProblemException.notFound("budget " + id);
            }
            return BudgetView.of(b);
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<BudgetView> get(@PathParam("id") long id) {
        return found(id).map(BudgetView::of);
    }

    @GET
    @Path("/{id}/status")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<Status> status(@PathParam("id") long id) {
        return found(id).chain(this::status);
    }

    /**
     * The tenant's budgets with their utilisation now: {@code order=percent_used} puts the budgets
     * closest to (or past) their limit first, {@code limit} keeps the first N; {@code total} counts them all.
     */
    @GET
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<StatusList> list(@QueryParam("order") @DefaultValue("created") String order, @QueryParam("limit") @DefaultValue("1000") int limit) {
        BudgetStatuses.Order ordered = BudgetStatuses.Order.of(order);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (ordered == null) {
            errors.add(new Problem.FieldError("order", "must be created or percent_used"));
        }
        if (limit < 1 || limit > 1000) {
            errors.add(new Problem.FieldError("limit", "must be between 1 and 1000"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return store.ofTenants(List.of(caller.tenantId()))
                .chain(all -> statuses.of(all, ordered, limit).map(items -> new StatusList(items, all.size())));
    }

    private Uni<Status> status(Budget b) {
        return statuses.of(b);
    }

    private Uni<Budget> found(long id) {
        return store.find(caller.tenantId(), id).map(b -> {
            if (b == null) {
                throw ProblemException.notFound("budget " + id);
            }
            return b;
        });
    }

    private static BudgetRequest body(BudgetRequest r) {
        if (r == null) {
            throw ProblemException.validation("", "a budget body is required");
        }
        return r;
    }
}
