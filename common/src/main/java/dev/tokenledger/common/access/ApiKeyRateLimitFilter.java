package dev.tokenledger.common.access;

import dev.tokenledger.common.caller.CallerIdentityAugmentor;
import dev.tokenledger.common.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/** Answers 429 with {@code Retry-After} when an API key exceeds its requests per minute. */
@Singleton
public class ApiKeyRateLimitFilter {

    private final ApiKeyRateLimits limits = new ApiKeyRateLimits();

    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter
    public Response limit() {
        String keyId = identity.getAttribute(CallerIdentityAugmentor.API_KEY_ID);
        if (keyId == null) {
            return null;
        }
        Integer perMinute = identity.getAttribute(ApiKeyRateLimits.LIMIT_ATTRIBUTE);
        long wait = limits.acquire(keyId, perMinute == null ? 6000 : perMinute, System.nanoTime());
        if (wait == 0) {
            return null;
        }
        Problem problem = new Problem(Problem.TYPE_BASE + "rate-limited", "Too many requests", 429,
                "this API key may make " + perMinute + " requests a minute; retry in " + wait + " s", List.of());
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", wait).entity(problem).build();
    }
}
