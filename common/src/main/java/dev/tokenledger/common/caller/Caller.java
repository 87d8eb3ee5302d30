package dev.tokenledger.common.caller;

import dev.tokenledger.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * Who is calling: the tenant and roles from the verified OIDC token, and nothing from the request
 * body, query or headers (principle 5). A token without a {@code tenant} claim is refused.
 */
@RequestScoped
public class Caller {

    public static final String TENANT_CLAIM = "tenant";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    public String tenantId() {
        Object claim = token.getClaim(TENANT_CLAIM);
        String tenant = claim == null ? null : claim.toString();
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.forbidden("the access token carries no '" + TENANT_CLAIM + "' claim");
        }
        return tenant;
    }

    public String subject() {
        String name = token.getClaim("preferred_username");
        return name != null ? name : token.getSubject();
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
