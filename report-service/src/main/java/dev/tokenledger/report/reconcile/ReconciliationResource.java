package dev.tokenledger.report.reconcile;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.report.api.ReportContext;
import dev.tokenledger.report.display.CsvWriter;
import dev.tokenledger.report.display.Formats;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * Reconciliation: import a provider's daily cost report, then compare it per day and model with
 * the cost tracked here. Days are UTC unless {@code time_zone} is given (providers bill in UTC).
 */
@Path("/v1/reconciliation")
public class ReconciliationResource {

    @Inject
    Caller caller;

    @Inject
    ReportContext context;

    @Inject
    Reconciliation reconciliation;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    @POST
    @Path("/bills")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Reconciliation.ImportResult> importJson(ProviderBills.Import body) {
        return reconciliation.importLines(caller.tenantId(), caller.subject(), ProviderBills.fromJson(body));
    }

    /** CSV with a header naming date, model, amount (provider and currency optional; {@code provider} query parameter otherwise). */
    @POST
    @Path("/bills")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @Consumes(CsvWriter.TEXT_CSV)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Reconciliation.ImportResult> importCsv(String body, @QueryParam("provider") String provider) {
        return reconciliation.importLines(caller.tenantId(), caller.subject(), ProviderBills.fromCsv(body, provider));
    }

    /** Per day, provider and model: billed, tracked and the difference; {@code from}/{@code to} are dates, {@code to} exclusive. */
    @GET
    @RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
    @Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
    public Uni<Response> report(@QueryParam("format") String format) {
        Formats.wantsCsv(format, headers);
        var query = new MultivaluedHashMap<String, String>(uri.getQueryParameters());
        query.putIfAbsent("time_zone", List.of("UTC"));
        return context.resolve(query).chain(reconciliation::report).map(r -> Formats.respond(r, format, headers));
    }
}
