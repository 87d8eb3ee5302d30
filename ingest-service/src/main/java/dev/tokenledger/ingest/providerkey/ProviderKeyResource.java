package dev.tokenledger.ingest.providerkey;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * {@code /v1/provider-keys}: a tenant admin stores the provider keys the proxy calls with for
 * clients that send only their tokenledger key. A key is shown never again (only its last four
 * characters); rotation and revocation are audited ({@code GET /v1/audit-log?object_type=provider_key}).
 */
@Path("/v1/provider-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TENANT_ADMIN)
public class ProviderKeyResource {

    public record KeyList(List<ProviderKeyView> items) {
    }

    @Inject
    Caller caller;

    @Inject
    ProviderKeyStore store;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ProviderKeyRequest request) {
        if (request == null) {
            throw ProblemException.validation("", "a JSON body is required");
        }
        return store.create(caller, request.validate()).map(created -> Response.status(201).entity(created).build());
    }

    @GET
    public Uni<KeyList> list() {
        return store.list(caller.tenantId()).map(KeyList::new);
    }

    @GET
    @Path("/{id}")
    public Uni<ProviderKeyView> get(@PathParam("id") String id) {
        return store.get(caller.tenantId(), id);
    }

    /** Replaces the key behind the same id; the proxy uses the new one at once (other replicas within 5 s). */
    @POST
    @Path("/{id}/rotation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ProviderKeyView> rotate(@PathParam("id") String id, ProviderKeyRequest.Rotation rotation) {
        if (rotation == null) {
            throw ProblemException.validation("", "a JSON body is required");
        }
        return store.rotate(caller, id, rotation.validKey());
    }

    @DELETE
    @Path("/{id}")
    public Uni<ProviderKeyView> revoke(@PathParam("id") String id) {
        return store.revoke(caller, id);
    }
}
