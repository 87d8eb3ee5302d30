package dev.tokenledger.notifier.web;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * An unknown or mistyped field in a request body as problem+json naming the field. Needed here
 * because Quarkus' own mapper for {@link MismatchedInputException} is more specific than the shared
 * {@code JsonProcessingException} mapper and would answer plain JSON.
 */
public class JsonErrors {

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        Problem p = new Problem(Problem.TYPE_BASE + "malformed-json", "Malformed JSON", 400, "the request body could not be read",
                List.of(ProblemMappers.fieldError("", e)));
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
