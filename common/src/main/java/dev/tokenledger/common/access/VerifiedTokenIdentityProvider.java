package dev.tokenledger.common.access;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands back the identity of a token verified before (see {@link VerifiedTokens}); the augmentors then run as for any identity. */
@ApplicationScoped
public class VerifiedTokenIdentityProvider implements IdentityProvider<VerifiedTokenRequest> {

    @Override
    public Class<VerifiedTokenRequest> getRequestType() {
        return VerifiedTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(VerifiedTokenRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().item(request.identity());
    }
}
