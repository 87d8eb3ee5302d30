package dev.tokenledger.pricing.repricing;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.pricing.config.PricingConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Re-pricing runs: a tenant admin re-prices their tenant's unpriced events; a platform admin may
 * name a tenant or re-price every tenant (and that act is logged).
 */
@Path("/v1/repricing-runs")
@Produces(MediaType.APPLICATION_JSON)
public class RepricingResource {

    private static final Logger LOG = Logger.getLogger(RepricingResource.class);

    @Inject
    Caller caller;

    @Inject
    RepricingService repricing;

    @Inject
    PricingConfig config;

    public record RunRequest(String reason, String tenant) {
    }

    public record RunList(List<RepricingService.Run> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.PLATFORM_ADMIN})
    public Uni<RepricingService.Run> start(RunRequest r) {
        if (r == null || r.reason() == null || r.reason().isBlank()) {
            throw ProblemException.validation("/reason", "is required: a re-pricing run says why");
        }
        String tenant;
        if (caller.hasRole(Roles.PLATFORM_ADMIN)) {
            tenant = r.tenant();
            LOG.infof("platform admin %s starts a re-pricing run for %s: %s", caller.subject(), tenant == null ? "every tenant" : tenant, r.reason());
        } else {
            if (r.tenant() != null && !r.tenant().equals(caller.tenantId())) {
                throw ProblemException.forbidden("a tenant admin re-prices their own tenant only");
            }
            tenant = caller.tenantId();
        }
        return repricing.run(tenant, caller.subject(), r.reason(), config.repricingLimit());
    }

    @GET
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER, Roles.PLATFORM_ADMIN})
    public Uni<RunList> list() {
        return repricing.list(scope()).map(RunList::new);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER, Roles.PLATFORM_ADMIN})
    public Uni<RepricingService.Run> get(@PathParam("id") long id) {
        return repricing.find(id, scope()).map(run -> {
            if (run == null) {
                throw ProblemException.notFound("re-pricing run " + id);
            }
            return run;
        });
    }

    private String scope() {
        return caller.hasRole(Roles.PLATFORM_ADMIN) ? null : caller.tenantId();
    }
}
