package dev.tokenledger.common.caller;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.problem.Problem;

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

    /** The id of the API key the caller authenticated with, if it used one. */
    public Optional<String> apiKeyId() {
        return Optional.ofNullable(identity.getAttribute(CallerIdentityAugmentor.API_KEY_ID));
    }

    /**
     * What the credential fixes of a request's attribution, whatever the body says: the API key id
     * (so a budget scoped to a key cannot be dodged by leaving it out or naming another) and the
     * project of a key bound to one. A body that names another key or project is refused (the
     * message, with the field it is about), and so is an {@code api_key_id} sent with a token: only
     * a key's own calls carry its id.
     */
    public Attribution attribution(Attribution given, String pointer) {
        Attribution a = given != null ? given : Attribution.none();
        String key = apiKeyId().orElse(null);
        if (a.apiKeyId() != null && !a.apiKeyId().equals(key)) {
            throw ProblemException.validation(pointer + "/api_key_id", key == null
                    ? "is set from the API key that authenticates the request; this request was authenticated with a token"
                    : "is set from the API key that authenticates the request, which is '" + key + "'");
        }
        String project = boundProject().orElse(null);
        if (project != null && a.project() != null && !a.project().equals(project)) {
            throw new ProblemException(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403,
                    "this API key is bound to project '" + project + "'",
                    java.util.List.of(new Problem.FieldError(pointer + "/project", "this API key is bound to project '" + project + "'"))));
        }
        if (key == null && project == null) {
            return a;
        }
        return new Attribution(project != null ? project : a.project(), a.environment(), a.user(), a.customer(), a.feature(), a.agent(),
                a.session(), key, a.tags());
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
