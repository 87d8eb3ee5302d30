package dev.tokenledger.report.session;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.api.ReportContext;
import dev.tokenledger.report.store.TenantDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import dev.tokenledger.report.display.CsvWriter;
import dev.tokenledger.report.display.Formats;

/** {@code GET /v1/reports/sessions} (top sessions of a period) and {@code GET /v1/reports/sessions/{session}} (one session's detail). */
@Path("/v1/reports/sessions")
@RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    ReportContext context;

    @Inject
    SessionReports sessions;

    @Inject
    TenantDirectory tenants;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    /** JSON, or CSV with {@code Accept: text/csv} or {@code format=csv}. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
    public Uni<Response> top(@QueryParam("top") @DefaultValue("10") int top, @QueryParam("format") String format) {
        if (top < 1 || top > 1000) {
            throw ProblemException.validation("/top", "must be between 1 and 1000");
        }
        Formats.wantsCsv(format, headers);
        return context.resolve(uri.getQueryParameters()).chain(ctx -> sessions.top(ctx, top)).map(v -> Formats.respond(v, format, headers));
    }

    @GET
    @Path("/{session}")
    public Uni<SessionReports.SessionView> detail(@PathParam("session") String session) {
        return tenants.tenant(caller.tenantId()).chain(t -> sessions.detail(t.id(), session));
    }
}
