package dev.tokenledger.report.anomaly;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.store.TenantDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/anomalies}: the tenant's anomaly episodes, newest first. */
@Path("/v1/anomalies")
@RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class AnomalyResource {

    public record EpisodeView(String scope, String kind, String state, Instant openedAt, Instant lastSeen, Instant resolvedAt,
                              Money expected, Money observed, String detail) {
    }

    public record EpisodeList(List<EpisodeView> items) {
    }

    @Inject
    Caller caller;

    @Inject
    TenantDirectory tenants;

    @Inject
    AnomalyEpisodes episodes;

    @GET
    public Uni<EpisodeList> list(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (state != null && !List.of("open", "resolved").contains(state)) {
            throw ProblemException.validation("/state", "must be open or resolved (or absent: both)");
        }
        if (limit < 1 || limit > 1000) {
            throw ProblemException.validation("/limit", "must be between 1 and 1000");
        }
        return tenants.tenant(caller.tenantId()).chain(t -> episodes.recent(t.id(), state, limit)).map(list -> new EpisodeList(list.stream()
                .map(e -> new EpisodeView(e.scope(), e.kind(), e.state(), e.openedHour(), e.lastHour(), e.resolvedAt(),
                        Money.of(e.expected(), "USD"), Money.of(e.observed(), "USD"), e.detail())).toList()));
    }
}
