package dev.tokenledger.common.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this replica has already verified, until they expire. A gateway sends the same
 * token with every decision; checking its RSA signature and parsing its claims again each time was
 * the largest cost of a decision on two cores (p50 17 ms at 2,000 decisions/s with tokens, 0.6 ms
 * with API keys). A token is only remembered after the OIDC mechanism verified it, only until its
 * {@code exp}, and without anything of the request that brought it (the identity is rebuilt from
 * principal, roles and credentials), so the act-as header and the like are read afresh every time.
 */
@ApplicationScoped
public class VerifiedTokens {

    static final int MAX_TOKENS = 10_000;

    /** Marks an identity recalled from here, so it is not remembered again. */
    static final String RECALLED = "tokenledger.token-recalled";
    /**
     * The token's tenant and subject claims, read once: reading a claim that is not a standard one
     * from the principal throws and catches an exception inside smallrye-jwt, twice per request.
     */
    public static final String CLAIMED_TENANT = "tokenledger.token-tenant";
    public static final String CLAIMED_SUBJECT = "tokenledger.token-subject";

    private record Verified(SecurityIdentity identity, long expiresAtSeconds) {
    }

    private final Map<String, Verified> tokens = new ConcurrentHashMap<>();

    /** The clock, in epoch seconds (tests move it). */
    java.util.function.LongSupplier nowSeconds = () -> System.currentTimeMillis() / 1000;

    /** After the OIDC mechanism verified a token: keep its identity, with its tenant and subject claims, until the token expires. */
    public void remember(SecurityIdentity identity, String tenant, String subject) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || identity.getAttribute(RECALLED) != null) {
            return;
        }
        String raw = jwt.getRawToken();
        long exp = jwt.getExpirationTime();
        if (raw == null || exp <= nowSeconds.getAsLong()) {
            return;
        }
        if (tokens.size() >= MAX_TOKENS) {
            // a flood of distinct tokens: start over rather than grow
            tokens.clear();
        }
        QuarkusSecurityIdentity.Builder clean = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addAttribute(RECALLED, Boolean.TRUE)
                .addAttribute(CLAIMED_SUBJECT, subject);
        if (tenant != null) {
            clean.addAttribute(CLAIMED_TENANT, tenant);
        }
        tokens.put(raw, new Verified(clean.build(), exp));
    }

    /** The identity of a token verified before and not expired yet. */
    public Optional<SecurityIdentity> recall(String rawToken) {
        Verified v = tokens.get(rawToken);
        if (v == null) {
            return Optional.empty();
        }
        if (v.expiresAtSeconds() <= nowSeconds.getAsLong()) {
            tokens.remove(rawToken);
            return Optional.empty();
        }
        return Optional.of(v.identity());
    }
}
