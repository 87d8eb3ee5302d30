package dev.tokenledger.ingest.proxy;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** {@code GET /v1/proxy/requests/{id}}: every attempt of a request through the proxy, how each ended and what it used. */
@Path("/v1/proxy/requests")
public class ProxyRequestResource {

    public record RequestView(String requestId, List<ProxyCallLog.Attempt> attempts) {
    }

    @Inject
    Caller caller;

    @Inject
    ProxyCallLog log;

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER, Roles.INGEST})
    @Operation(summary = "A request through the proxy, attempt by attempt",
            description = "The request id is the client's X-Tokenledger-Request-Id (or Idempotency-Key). Each retry is an attempt, recorded as "
                    + "its own usage event with request id <id>#<attempt>: status (started, success, error, rate_limited, cancelled, denied), "
                    + "the provider's HTTP status, tokens (output_estimated when counted by tokenledger from a stream cut short), latency "
                    + "and time to first byte. 404 when the tenant has no such request.")
    public Uni<RequestView> attempts(@PathParam("id") String id) {
        String tenant = caller.tenantId();
        return log.attempts(tenant, id).map(list -> {
            if (list.isEmpty()) {
                throw ProblemException.notFound("proxy request '" + id + "'");
            }
            return new RequestView(id, list);
        });
    }
}
