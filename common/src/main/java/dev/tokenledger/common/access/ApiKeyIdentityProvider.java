package dev.tokenledger.common.access;

import dev.tokenledger.common.caller.CallerIdentityAugmentor;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a valid API key into an identity: its scopes are its roles, its tenant and project are attributes. */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    @Inject
    ApiKeyDirectory directory;

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return directory.verify(request.key()).map(found -> {
            ApiKey key = found.orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key"));
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("api-key:" + key.id()))
                    .addRoles(key.scopes())
                    .addAttribute(CallerIdentityAugmentor.API_KEY_TENANT, key.tenantId())
                    .addAttribute(CallerIdentityAugmentor.API_KEY_ID, key.id());
            if (key.project() != null) {
                identity.addAttribute(CallerIdentityAugmentor.BOUND_PROJECT, key.project());
            }
            identity.addAttribute(ApiKeyRateLimits.LIMIT_ATTRIBUTE, key.rateLimitPerMinute());
            return identity.build();
        });
    }
}
