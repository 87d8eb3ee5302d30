package dev.tokenledger.common.http;

import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.common.problem.ProblemMappers;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * A request whose Content-Length is over its endpoint's limit gets a problem document, like every
 * other refusal, instead of the empty 413 the HTTP layer answers on its own. The body is not read
 * and the connection is closed, as the HTTP layer does. Every endpoint takes at most
 * {@code tokenledger.http.body-limit} (1 MiB); the paths listed in
 * {@code tokenledger.http.large-body-paths} (price list and bill imports) take up to the service's
 * {@code quarkus.http.limits.max-body-size}. A chunked body only shows its size while it is read, so
 * it is read here, up to its endpoint's limit ({@link dev.tokenledger.common.problem.HttpRefusals}
 * answers the 413).
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    @ConfigProperty(name = "tokenledger.http.body-limit", defaultValue = "1M")
    MemorySize endpointLimit;

    @ConfigProperty(name = "tokenledger.http.large-body-paths")
    Optional<List<String>> largeBodyPaths;

    void register(@Observes Filters filters) {
        long max = maxBodySize.asLongValue();
        long small = Math.min(max, endpointLimit.asLongValue());
        List<String> large = largeBodyPaths.orElse(List.of());
        // after SecurityHeaders (20,000), so the refusal carries the security headers too
        BodyHandler readSmall = BodyHandler.create(false).setBodyLimit(small);
        BodyHandler readLarge = BodyHandler.create(false).setBodyLimit(max);
        filters.register(rc -> {
            long limit = limitFor(rc.normalizedPath(), large, small, max);
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (exceeds(length, limit)) {
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                ProblemMappers.send(rc.response(), refusal(limit));
                return;
            }
            if (length == null && rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                // a chunked body is read here, within its endpoint's limit: past it the read fails
                // with 413 and HttpRefusals answers a problem document; the resource reads the buffer
                (limit == small ? readSmall : readLarge).handle(rc);
                return;
            }
            rc.next();
        }, 19_000);
    }

    static long limitFor(String path, List<String> largeBodyPaths, long small, long max) {
        for (String p : largeBodyPaths) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return max;
            }
        }
        return small;
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
