package dev.tokenledger.budget.spend;

import jakarta.annotation.security.RolesAllowed;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.money.Money;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/spend}: the caller's tenant's lifetime counters. */
@Path("/v1/spend")
public class SpendResource {

    @Inject
    Caller caller;

    public record SpendView(String tenantId, long events, long unpricedEvents, long totalTokens, Money cost) {
    }

    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<SpendView> spend() {
        String tenant = caller.tenantId();
        return TenantSpend.<TenantSpend>findById(tenant).map(s -> s == null
                ? new SpendView(tenant, 0, 0, 0, Money.zero("USD"))
                : new SpendView(tenant, s.events, s.unpricedEvents, s.totalTokens, Money.of(s.cost, s.currency)));
    }
}
