package dev.tokenledger.common.http;

import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.common.problem.ProblemMappers;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose Content-Length is over {@code quarkus.http.limits.max-body-size} gets a problem
 * document, like every other refusal, instead of the empty 413 the HTTP layer answers on its own.
 * The body is not read and the connection is closed, as the HTTP layer does. (A chunked body only
 * shows its size while it is read; each endpoint's own handling answers that.)
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    void register(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        // after SecurityHeaders (20,000), so the refusal carries the security headers too
        filters.register(rc -> {
            if (exceeds(rc.request().getHeader(HttpHeaders.CONTENT_LENGTH), limit)) {
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                ProblemMappers.send(rc.response(), refusal(limit));
                return;
            }
            rc.next();
        }, 19_000);
    }

    /** The refusal of a body over {@code limit} bytes, also for a chunked body a route reads itself. */
    public static ProblemException refusal(long limit) {
        return ProblemException.tooLarge("the body is larger than " + limit + " bytes");
    }

    /** A malformed Content-Length is the HTTP layer's to refuse. */
    static boolean exceeds(String contentLength, long limit) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
