package dev.tokenledger.report.api;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.store.TenantDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The tenant's report settings: the time zone its days follow and how many days raw events are kept (rollups are kept). */
@Path("/v1/report-settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    public record Settings(String timeZone, Integer retentionDays) {
    }

    public record SettingsView(String tenant, String timeZone, int retentionDays, Instant updatedAt, String updatedBy) {
        static SettingsView of(TenantDirectory.Tenant t) {
            return new SettingsView(t.name(), t.zone().getId(), t.retentionDays(), t.updatedAt(), t.updatedBy());
        }
    }

    @Inject
    Caller caller;

    @Inject
    TenantDirectory tenants;

    @GET
    @RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
    public Uni<SettingsView> get() {
        return tenants.tenant(caller.tenantId()).map(SettingsView::of);
    }

    @PUT
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<SettingsView> put(Settings body) {
        if (body == null) {
            throw ProblemException.validation("", "a body with time_zone and retention_days is required");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body.timeZone() == null) {
            errors.add(new Problem.FieldError("/time_zone", "is required (an IANA time zone such as Pacific/Auckland)"));
        } else {
            try {
                ReportContext.zone(body.timeZone());
            } catch (ProblemException e) {
                errors.add(new Problem.FieldError("/time_zone", "must be an IANA time zone such as Pacific/Auckland"));
            }
        }
        if (body.retentionDays() == null || body.retentionDays() < 1 || body.retentionDays() > 36_500) {
            errors.add(new Problem.FieldError("/retention_days", "must be a number of days from 1 to 36500"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return tenants.update(caller, ReportContext.zone(body.timeZone()), body.retentionDays())
                .map(SettingsView::of);
    }
}
