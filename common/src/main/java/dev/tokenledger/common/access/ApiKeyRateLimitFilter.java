package dev.tokenledger.common.access;

import dev.tokenledger.common.caller.CallerIdentityAugmentor;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/** Answers 429 with {@code Retry-After} when an API key exceeds its requests per minute. */
@Singleton
public class ApiKeyRateLimitFilter {

    private final ApiKeyRateLimits limits = new ApiKeyRateLimits();

    @Inject
    SecurityIdentity identity;

    /** The refusal is answered by {@code ProblemMappers}, as any other problem: 429 with {@code Retry-After}. */
    @ServerRequestFilter
    public void limit() {
        ProblemException refused = refusal(identity);
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Takes one request from the caller's API key allowance: null when it may go on (callers without
     * an API key always may), else the 429 to answer, with the seconds to wait. Routes outside
     * Quarkus REST call this themselves, so a key's requests per minute count across every endpoint.
     */
    public ProblemException refusal(SecurityIdentity caller) {
        String keyId = caller.getAttribute(CallerIdentityAugmentor.API_KEY_ID);
        if (keyId == null) {
            return null;
        }
        Integer perMinute = caller.getAttribute(ApiKeyRateLimits.LIMIT_ATTRIBUTE);
        long wait = limits.acquire(keyId, perMinute == null ? 6000 : perMinute, System.nanoTime());
        if (wait == 0) {
            return null;
        }
        return new ProblemException(new Problem(Problem.TYPE_BASE + "rate-limited", "Too many requests", 429,
                "this API key may make " + perMinute + " requests a minute; retry in " + wait + " s", List.of()), (int) wait);
    }
}
