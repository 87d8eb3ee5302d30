package dev.tokenledger.common.audit;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * {@code GET /v1/audit-log} in every service: the tenant admin's view of who changed what in this
 * service (budgets, channels, routes, price overrides, catalogue entries, API keys, settings).
 */
@Path("/v1/audit-log")
public class AuditLogResource {

    public record Page(List<AuditEntry> entries, Long nextBeforeId) {
    }

    @Inject
    Caller caller;

    @Inject
    AuditTrail trail;

    /** A platform admin (not acting for a tenant) reads the platform's own log: changes to the public price catalogue. */
    @GET
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.PLATFORM_ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Page> list(@QueryParam("object_type") String objectType, @QueryParam("object_id") String objectId,
                          @QueryParam("before_id") Long beforeId, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw ProblemException.validation("limit", "must be between 1 and 1000");
        }
        String tenant = caller.hasRole(Roles.PLATFORM_ADMIN) && !caller.actingForAnotherTenant() ? "*" : caller.tenantId();
        return trail.read(tenant, objectType, objectId, beforeId, size)
                .map(entries -> new Page(entries, entries.size() == size ? entries.get(entries.size() - 1).id() : null));
    }
}
