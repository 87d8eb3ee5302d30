package dev.tokenledger.ingest.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.Problem.FieldError;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/usage-events}: one event or a batch; the tenant is the caller's. */
@Path("/v1/usage-events")
public class UsageEventResource {

    static final int MAX_BATCH = 1000;

    @Inject
    Caller caller;

    @Inject
    UsageEventService service;

    @Inject
    ObjectMapper mapper;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.USAGE_WRITER, Roles.TENANT_ADMIN})
    public Uni<Response> ingest(JsonNode body) {
        String tenant = caller.tenantId();
        List<UsageEventRequest> batch = parse(body);
        return service.ingest(tenant, batch).map(result -> Response.accepted(result).build());
    }

    private List<UsageEventRequest> parse(JsonNode body) {
        if (body == null || !(body.isObject() || body.isArray())) {
            throw ProblemException.validation("", "the body must be one event object or an array of events");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        if (nodes.isEmpty() || nodes.size() > MAX_BATCH) {
            throw ProblemException.validation("", "a batch holds 1 to " + MAX_BATCH + " events, this one has " + nodes.size());
        }
        List<UsageEventRequest> events = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                events.add(mapper.treeToValue(nodes.get(i), UsageEventRequest.class));
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                String field = e.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                        .reduce("", (a, b) -> a + "/" + b);
                errors.add(new FieldError("/" + i + field, e.getOriginalMessage()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                errors.add(new FieldError("/" + i, e.getOriginalMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return events;
    }
}
