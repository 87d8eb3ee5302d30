package dev.tokenledger.notifier.inbox;

import jakarta.annotation.security.RolesAllowed;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.caller.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/alerts}: the caller's tenant's received alerts, newest first. */
@Path("/v1/alerts")
public class AlertResource {

    @Inject
    Caller caller;

    public record AlertView(String dedupeKey, String sourceTopic, String kind, String severity, Instant occurredAt, Instant receivedAt) {
    }

    public record AlertList(List<AlertView> items) {
    }

    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<AlertList> list() {
        String tenant = caller.tenantId();
        return Alert.<Alert>find("tenantId", Sort.descending("receivedAt"), tenant).page(0, 100).list()
                .map(rows -> new AlertList(rows.stream()
                        .map(a -> new AlertView(a.dedupeKey, a.sourceTopic, a.kind, a.severity, a.occurredAt, a.receivedAt))
                        .toList()));
    }
}
