package dev.tokenledger.ingest.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.Problem.FieldError;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.common.problem.ProblemMappers;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/usage-events}: one event or a batch, as JSON or as CloudEvents (structured, batch or
 * binary mode). The tenant is the
 * caller's token's; attribution may also come from {@code X-Tokenledger-*} headers (the body wins).
 */
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
    @Blocking // parsing a 1 MiB batch is CPU work: keep it off the event loop
    @Consumes({MediaType.APPLICATION_JSON, CloudEvents.STRUCTURED, CloudEvents.BATCH})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INGEST, Roles.TENANT_ADMIN})
    @Operation(summary = "Record usage events",
            description = "One event or an array of up to 1,000 (at most 1 MiB). Answers 202 after the event log acknowledged every new event; "
                    + "a resent event_id is reported as a duplicate. A batch with any invalid event is refused whole (400, every bad field listed). "
                    + "503 with Retry-After when the event log cannot acknowledge in time: retry with the same event ids. "
                    + "CloudEvents: structured (application/cloudevents+json), batch (application/cloudevents-batch+json) or binary "
                    + "(ce-specversion, ce-id, ce-source, ce-type, ce-time, ce-subject headers with the usage event as the JSON body).")
    @RequestBody(content = {
            @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, examples = {
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "canonical usage", value = OpenApiExamples.CANONICAL),
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "OpenAI chat completion", value = OpenApiExamples.OPENAI_CHAT),
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "OpenAI responses", value = OpenApiExamples.OPENAI_RESPONSES),
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "Anthropic message", value = OpenApiExamples.ANTHROPIC),
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "Anthropic stream", value = OpenApiExamples.ANTHROPIC_STREAM),
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "OpenRouter with cost", value = OpenApiExamples.OPENROUTER)}),
            @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = CloudEvents.STRUCTURED, examples = {
                    @org.eclipse.microprofile.openapi.annotations.media.ExampleObject(name = "CloudEvent", value = OpenApiExamples.CLOUD_EVENT)})})
    @APIResponse(responseCode = "202", description = "accepted (and duplicates reported)")
    @APIResponse(responseCode = "400", description = "application/problem+json naming every bad event and field")
    @APIResponse(responseCode = "503", description = "the event log did not acknowledge; nothing accepted; Retry-After")
    public Uni<Response> ingest(byte[] body,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @HeaderParam("X-Tokenledger-Project") String project,
                                @HeaderParam("X-Tokenledger-Environment") String environment,
                                @HeaderParam("X-Tokenledger-User") String user,
                                @HeaderParam("X-Tokenledger-Customer") String customer,
                                @HeaderParam("X-Tokenledger-Feature") String feature,
                                @HeaderParam("X-Tokenledger-Agent") String agent,
                                @HeaderParam("X-Tokenledger-Session") String session,
                                @HeaderParam("ce-specversion") String ceSpecversion,
                                @HeaderParam("ce-id") String ceId,
                                @HeaderParam("ce-source") String ceSource,
                                @HeaderParam("ce-type") String ceType,
                                @HeaderParam("ce-time") String ceTime,
                                @HeaderParam("ce-subject") String ceSubject) {
        String tenant = caller.tenantId();
        HeaderAttribution headers = new HeaderAttribution(project, environment, user, customer, feature, agent, session);
        String media = mediaType(contentType);
        List<UsageEventRequest> batch = boundToCredential(ceSpecversion != null
                ? List.of(binaryCloudEvent(body, media, headers, new CloudEvents.Binary(ceSpecversion, ceId, ceSource, ceType, ceTime, ceSubject)))
                : parse(body, media, headers));
        Uni<Response> accepted = service.ingest(tenant, batch).map(result -> Response.accepted(result).build());
        if (media.equals(CloudEvents.STRUCTURED) || media.equals(CloudEvents.BATCH)) {
            // the usage event is the CloudEvent's data: point into it
            accepted = accepted.onFailure(ProblemException.class).transform(e -> inData((ProblemException) e));
        }
        return accepted;
    }

    /**
     * The credential fixes part of each event's attribution ({@link Caller#attribution}): the API key
     * id, and the project of a key bound to one. A batch with an event that names another is
     * refused whole, naming each such event (403 for a project, 400 for a key id).
     */
    private List<UsageEventRequest> boundToCredential(List<UsageEventRequest> batch) {
        if (caller.apiKeyId().isEmpty() && batch.stream().allMatch(r -> r.attribution() == null || r.attribution().apiKeyId() == null)) {
            return batch;
        }
        List<FieldError> wrong = new ArrayList<>();
        int status = 400;
        List<UsageEventRequest> bounded = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            UsageEventRequest r = batch.get(i);
            try {
                bounded.add(r.withAttribution(caller.attribution(r.attribution(), "/" + i + "/attribution")));
            } catch (ProblemException e) {
                wrong.addAll(e.problem().errors());
                status = Math.max(status, e.problem().status());
            }
        }
        if (!wrong.isEmpty()) {
            throw status == 403
                    ? new ProblemException(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403,
                            wrong.size() + " event(s) name a project or key this API key may not write", wrong))
                    : ProblemException.validation(wrong);
        }
        return bounded;
    }

    private static ProblemException inData(ProblemException e) {
        if (e.problem().errors().isEmpty()) {
            return e;
        }
        List<FieldError> moved = e.problem().errors().stream()
                .map(f -> new FieldError(f.pointer().replaceFirst("^/(\\d+)/", "/$1/data/"), f.message()))
                .toList();
        return ProblemException.validation(moved);
    }

    /** CloudEvents binary content mode: the attributes in {@code ce-*} headers, the usage event as the body. */
    private UsageEventRequest binaryCloudEvent(byte[] body, String media, HeaderAttribution headers, CloudEvents.Binary attributes) {
        if (!media.equals(MediaType.APPLICATION_JSON)) {
            throw ProblemException.validation("Content-Type", "a CloudEvent in binary mode carries the usage event as application/json");
        }
        JsonNode data;
        try {
            data = mapper.readTree(body);
        } catch (java.io.IOException e) {
            throw ProblemException.validation("", "the body is not valid JSON: " + (e instanceof JsonProcessingException j ? dev.tokenledger.common.problem.JsonErrorText.of(j) : e.getMessage()));
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode event = CloudEvents.unwrapBinary(attributes, data, mapper, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        try {
            UsageEventRequest r = mapper.treeToValue(event, UsageEventRequest.class);
            return r.withAttribution(headers.under(r.attribution()));
        } catch (JsonProcessingException e) {
            throw ProblemException.validation(List.of(ProblemMappers.fieldError("/0", e)));
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return MediaType.APPLICATION_JSON;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private List<UsageEventRequest> parse(byte[] body, String mediaType, HeaderAttribution headers) {
        if (mediaType.equals(MediaType.APPLICATION_JSON)) {
            List<UsageEventRequest> direct = bindDirectly(body, headers);
            if (direct != null) {
                return direct;
            }
        }
        return parseTree(body, mediaType, headers);
    }

    /**
     * The fast path: bind the body straight to requests. Null when that fails; the tree path then
     * finds and names every problem.
     */
    private List<UsageEventRequest> bindDirectly(byte[] body, HeaderAttribution headers) {
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length || (body[first] != '[' && body[first] != '{')) {
            return null;
        }
        try {
            UsageEventRequest[] requests = body[first] == '['
                    ? mapper.readValue(body, UsageEventRequest[].class)
                    : new UsageEventRequest[] {mapper.readValue(body, UsageEventRequest.class)};
            if (requests.length == 0 || requests.length > MAX_BATCH) {
                return null;
            }
            List<UsageEventRequest> events = new ArrayList<>(requests.length);
            for (UsageEventRequest r : requests) {
                if (r == null) {
                    return null;
                }
                events.add(headers.isEmpty() ? r : r.withAttribution(headers.under(r.attribution())));
            }
            return events;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private List<UsageEventRequest> parseTree(byte[] body, String mediaType, HeaderAttribution headers) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (java.io.IOException e) {
            throw ProblemException.validation("", "the body is not valid JSON: " + (e instanceof JsonProcessingException j ? dev.tokenledger.common.problem.JsonErrorText.of(j) : e.getMessage()));
        }
        boolean cloudEvents = mediaType.equals(CloudEvents.STRUCTURED) || mediaType.equals(CloudEvents.BATCH);
        List<JsonNode> nodes = new ArrayList<>();
        if (root != null && root.isArray() && !mediaType.equals(CloudEvents.STRUCTURED)) {
            root.forEach(nodes::add);
        } else if (root != null && root.isObject() && !mediaType.equals(CloudEvents.BATCH)) {
            nodes.add(root);
        } else {
            throw ProblemException.validation("", switch (mediaType) {
                case CloudEvents.STRUCTURED -> "the body must be one CloudEvent object";
                case CloudEvents.BATCH -> "the body must be an array of CloudEvents";
                default -> "the body must be one event object or an array of events";
            });
        }
        if (nodes.isEmpty() || nodes.size() > MAX_BATCH) {
            throw ProblemException.validation("", "a batch holds 1 to " + MAX_BATCH + " events, this one has " + nodes.size());
        }
        List<UsageEventRequest> events = new ArrayList<>(nodes.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String prefix = "/" + i;
            if (cloudEvents) {
                node = CloudEvents.unwrap(node, i, errors);
                prefix = "/" + i + "/data";
                if (node == null) {
                    continue;
                }
            }
            if (!node.isObject()) {
                errors.add(new FieldError(prefix, "an event must be an object"));
                continue;
            }
            try {
                UsageEventRequest r = mapper.treeToValue(node, UsageEventRequest.class);
                events.add(r.withAttribution(headers.under(r.attribution())));
            } catch (JsonProcessingException e) {
                errors.add(ProblemMappers.fieldError(prefix, e));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return events;
    }
}
