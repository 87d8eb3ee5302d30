package dev.tokenledger.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tokenledger.common.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Turns every error a service raises into {@code application/problem+json}, naming the field where there is one. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder r = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        if (e.retryAfterSeconds() != null) {
            r.header("Retry-After", e.retryAfterSeconds());
        }
        return r.build();
    }

    /**
     * An unknown or mistyped field. Quarkus has its own mapper for {@link MismatchedInputException},
     * more specific than {@code JsonProcessingException}, which answers 400 without a body.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return respond(malformedJson(e));
    }

    /** A body that is not JSON, or JSON that does not bind (unknown or mistyped field), naming the field. */
    public static Problem malformedJson(JsonProcessingException e) {
        return new Problem(Problem.TYPE_BASE + "malformed-json", "Malformed JSON", 400, "the request body could not be read",
                List.of(fieldError("", e)));
    }

    /**
     * The field a JSON reading error is about, as a pointer under {@code prefix} (e.g. {@code /3}
     * for the fourth event of a batch), and what is wrong with it.
     */
    public static Problem.FieldError fieldError(String prefix, JsonProcessingException e) {
        String pointer = e instanceof JsonMappingException m ? pointer(m.getPath()) : "";
        return new Problem.FieldError(prefix + pointer, JsonErrorText.of(e));
    }

    @ServerExceptionMapper
    public Response unauthenticated(io.quarkus.security.UnauthorizedException e) {
        return Response.fromResponse(problem(HttpRefusals.unauthenticated())).header("WWW-Authenticate", HttpRefusals.CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(io.quarkus.security.AuthenticationFailedException e) {
        return unauthenticated(null);
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return problem(HttpRefusals.forbidden());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, jakarta.ws.rs.core.UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status < 400 || e.getResponse().hasEntity()) {
            return e.getResponse();
        }
        if (e instanceof jakarta.ws.rs.NotFoundException && e.getCause() != null && !(e.getCause() instanceof WebApplicationException)) {
            // JAX-RS answers 404 when a path or query parameter does not convert (e.g. limit=abc): it is a bad request
            return respond(ParameterErrors.unconvertible(e.getCause(), uri));
        }
        if (e instanceof jakarta.ws.rs.NotSupportedException) {
            return respond(new Problem(Problem.TYPE_BASE + "http-415", "Unsupported Media Type", 415,
                    "this endpoint does not accept the request's Content-Type", List.of()));
        }
        if (e instanceof jakarta.ws.rs.NotFoundException) {
            return respond(new Problem(Problem.TYPE_BASE + "not-found", "Not found", 404, "nothing is at " + uri.getPath(), List.of()));
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        return respond(new Problem(Problem.TYPE_BASE + "http-" + status, title, status, e.getMessage(), List.of()));
    }

    /**
     * Anything no other mapper knows: a 500 that names a reference to find in the log, never the
     * exception or its stack trace.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return respond(internal(e));
    }

    /** Logs the error under a new reference and answers a 500 that names only that reference. */
    public static Problem internal(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error, reference %s", reference);
        return new Problem(Problem.TYPE_BASE + "internal", "Internal error", 500, "the request failed unexpectedly; reference " + reference,
                List.of());
    }

    /**
     * Answers a refusal on a plain Vert.x route or filter as {@link #problem} answers it for a resource:
     * the status, {@code application/problem+json} and {@code Retry-After} when the refusal has one.
     */
    public static void send(HttpServerResponse response, ProblemException refusal) {
        if (response.ended() || response.closed()) {
            return;
        }
        Problem problem = refusal.problem();
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(problem);
        } catch (JsonProcessingException unwritable) {
            json = ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
        response.setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (refusal.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
        }
        response.end(Buffer.buffer(json));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static String pointer(List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return "";
        }
        return path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
    }
}
