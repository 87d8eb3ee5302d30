package dev.tokenledger.pricing.catalogue;

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

/** {@code GET /v1/catalogue/versions}: the global catalogue's versions and the caller's tenant's own. */
@Path("/v1/catalogue/versions")
public class CatalogueResource {

    @Inject
    Caller caller;

    public record VersionView(long id, String scope, String author, String reason, Instant createdAt) {
    }

    public record VersionList(List<VersionView> items) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<VersionList> list() {
        String tenant = caller.tenantId();
        return CatalogueVersion.<CatalogueVersion>find("tenantId in ('*', ?1)", Sort.descending("id"), tenant)
                .page(0, 100).list()
                .map(rows -> new VersionList(rows.stream()
                        .map(v -> new VersionView(v.id, v.tenantId, v.author, v.reason, v.createdAt))
                        .toList()));
    }
}
