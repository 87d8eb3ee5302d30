package dev.tokenledger.common.caller;

import dev.tokenledger.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: tenant, subject and roles from the verified credential (an OIDC token or an API
 * key), never from the request body or query (principle 5). {@link CallerIdentityAugmentor} puts the
 * tenant on every identity; a platform admin acting for a named tenant gets that tenant here.
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    /** The caller of a request handled outside Quarkus REST (a Vert.x route), from its verified identity. */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = new Caller();
        caller.identity = identity;
        return caller;
    }

    public String tenantId() {
        String refused = identity.getAttribute(CallerIdentityAugmentor.ACT_AS_REFUSED);
        if (refused != null) {
            throw ProblemException.forbidden(refused);
        }
        String tenant = identity.getAttribute(CallerIdentityAugmentor.TENANT);
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.forbidden("the credential carries no '" + CallerIdentityAugmentor.TENANT_CLAIM + "' claim");
        }
        return tenant;
    }

    /** The user name, service account or {@code api-key:<id>} that made the call. */
    public String subject() {
        String subject = identity.getAttribute(CallerIdentityAugmentor.SUBJECT);
        return subject != null ? subject : identity.getPrincipal().getName();
    }

    /** The tenant the caller belongs to, which differs from {@link #tenantId()} when a platform admin acts for another. */
    public String homeTenant() {
        String home = identity.getAttribute(CallerIdentityAugmentor.HOME_TENANT);
        return home != null ? home : tenantId();
    }

    public boolean actingForAnotherTenant() {
        return identity.getAttribute(CallerIdentityAugmentor.ACTING_FOR) != null;
    }

    /** The project an API key is bound to, if the caller authenticated with such a key. */
    public Optional<String> boundProject() {
        return Optional.ofNullable(identity.getAttribute(CallerIdentityAugmentor.BOUND_PROJECT));
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
