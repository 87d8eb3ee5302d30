package dev.tokenledger.report.advice;

import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.api.ReportContext;
import dev.tokenledger.report.store.Dimension;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** {@code GET /v1/reports/advice?by=feature|project&top=5}: see {@link AdviceService}. */
@Path("/v1/reports/advice")
@RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class AdviceResource {

    @Inject
    ReportContext context;

    @Inject
    AdviceService advice;

    @Context
    UriInfo uri;

    @GET
    public Uni<AdviceService.Advice> advice(@QueryParam("by") @DefaultValue("feature") String by,
                                            @QueryParam("top") @DefaultValue("5") int top,
                                            @HeaderParam("Authorization") String authorization) {
        if (!by.equals("feature") && !by.equals("project")) {
            throw ProblemException.validation("/by", "must be feature or project");
        }
        if (top < 1 || top > 20) {
            throw ProblemException.validation("/top", "must be between 1 and 20");
        }
        Dimension dim = Dimension.byApiName(by).orElseThrow();
        return context.resolve(uri.getQueryParameters()).chain(ctx -> advice.advise(ctx, dim, top, authorization));
    }
}
