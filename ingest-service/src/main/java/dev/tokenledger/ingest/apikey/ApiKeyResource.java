package dev.tokenledger.ingest.apikey;

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
 * {@code /v1/api-keys}: tenant admins mint keys for SDKs and gateways (scoped {@code ingest} and/or
 * {@code gateway}, optionally bound to a project), list them with their last use, and revoke them.
 */
@Path("/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.TENANT_ADMIN)
public class ApiKeyResource {

    public record KeyList(List<ApiKeyView> items) {
    }

    @Inject
    Caller caller;

    @Inject
    ApiKeyStore store;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ApiKeyRequest request) {
        if (request == null) {
            throw ProblemException.validation("", "a JSON body is required");
        }
        ApiKeyRequest.Valid valid = request.validate();
        return store.create(caller, valid).map(created -> Response.status(201).entity(created).build());
    }

    @GET
    public Uni<KeyList> list() {
        return store.list(caller.tenantId()).map(KeyList::new);
    }

    @GET
    @Path("/{id}")
    public Uni<ApiKeyView> get(@PathParam("id") String id) {
        return store.get(caller.tenantId(), id);
    }

    /** Revokes the key: from now on it is refused (in other services within the key cache time, 5 s). */
    @DELETE
    @Path("/{id}")
    public Uni<ApiKeyView> revoke(@PathParam("id") String id) {
        return store.revoke(caller, id);
    }
}
