package dev.tokenledger.common.caller;

import dev.tokenledger.common.access.VerifiedTokens;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gives every authenticated identity the same attributes, whatever proved it: the tenant (the
 * {@code tenant} claim of a Keycloak token, or the tenant an API key is bound to) and the subject.
 * A {@code platform-admin} may send {@value #ACT_AS_HEADER} to act for that tenant as its admin;
 * the act is logged, and anyone else sending the header for a tenant not their own is refused.
 */
@ApplicationScoped
public class CallerIdentityAugmentor implements SecurityIdentityAugmentor {

    public static final String TENANT_CLAIM = "tenant";
    public static final String ACT_AS_HEADER = "X-Tokenledger-Tenant";

    static final String TENANT = "tokenledger.tenant";
    static final String HOME_TENANT = "tokenledger.home-tenant";
    static final String SUBJECT = "tokenledger.subject";
    static final String ACTING_FOR = "tokenledger.acting-for";
    static final String ACT_AS_REFUSED = "tokenledger.act-as-refused";
    /** Set by the API key identity provider. */
    public static final String BOUND_PROJECT = "tokenledger.bound-project";
    public static final String API_KEY_TENANT = "tokenledger.api-key-tenant";
    public static final String API_KEY_ID = "tokenledger.api-key-id";

    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Logger LOG = Logger.getLogger(CallerIdentityAugmentor.class);

    @jakarta.inject.Inject
    VerifiedTokens verifiedTokens;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context, Map<String, Object> attributes) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        String tenant = ownTenant(identity);
        String subject = subject(identity);
        // a token the OIDC mechanism has just verified is recognised without a new signature check until it expires
        verifiedTokens.remember(identity, tenant, subject);
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(SUBJECT, subject);
        if (tenant != null) {
            builder.addAttribute(HOME_TENANT, tenant).addAttribute(TENANT, tenant);
        }
        RoutingContext http = routingContext(identity, attributes);
        String actAs = http == null ? null : http.request().getHeader(ACT_AS_HEADER);
        if (actAs != null && !actAs.equals(tenant)) {
            if (!identity.hasRole(Roles.PLATFORM_ADMIN)) {
                builder.addAttribute(ACT_AS_REFUSED, "only a platform-admin may act for another tenant (" + ACT_AS_HEADER + ")");
            } else if (!TENANT_ID.matcher(actAs).matches()) {
                builder.addAttribute(ACT_AS_REFUSED, ACT_AS_HEADER + " is not a tenant id");
            } else {
                LOG.infof("platform-admin %s acts for tenant %s: %s %s", subject, actAs, http.request().method(), http.request().path());
                builder.addAttribute(TENANT, actAs).addAttribute(ACTING_FOR, actAs)
                        .addRole(Roles.TENANT_ADMIN).addRole(Roles.TENANT_VIEWER);
            }
        }
        return Uni.createFrom().item(builder.build());
    }

    private static String ownTenant(SecurityIdentity identity) {
        String recalled = identity.getAttribute(VerifiedTokens.CLAIMED_TENANT);
        if (recalled != null) {
            return recalled;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(TENANT_CLAIM);
            return claim == null ? null : claim.toString();
        }
        return identity.getAttribute(API_KEY_TENANT);
    }

    private static String subject(SecurityIdentity identity) {
        String recalled = identity.getAttribute(VerifiedTokens.CLAIMED_SUBJECT);
        if (recalled != null) {
            return recalled;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String name = jwt.getClaim("preferred_username");
            return name != null ? name : jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    private static RoutingContext routingContext(SecurityIdentity identity, Map<String, Object> attributes) {
        Object fromRequest = attributes.get(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE);
        if (fromRequest instanceof RoutingContext rc) {
            return rc;
        }
        return HttpSecurityUtils.getRoutingContextAttribute(identity);
    }
}
