package dev.tokenledger.common.access;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * Runs before the OIDC mechanism: a bearer token this replica verified before (and that has not
 * expired) is recognised without checking its signature again. Every other token — new, expired,
 * forged — falls through to the OIDC mechanism, which verifies it in full.
 */
@ApplicationScoped
public class VerifiedTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Inject
    VerifiedTokens tokens;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.startsWith(ApiKeyFormat.PREFIX, 7)) {
            return Uni.createFrom().nullItem();
        }
        return tokens.recall(authorization.substring(7).trim())
                .map(identity -> identityProviderManager.authenticate(
                        HttpSecurityUtils.setRoutingContextAttribute(new VerifiedTokenRequest(identity), context)))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(VerifiedTokenRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 50;
    }
}
