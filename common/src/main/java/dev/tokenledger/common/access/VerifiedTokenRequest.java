package dev.tokenledger.common.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token this replica verified before: its identity, to be augmented for this request like a fresh one. */
public class VerifiedTokenRequest extends BaseAuthenticationRequest {

    private final SecurityIdentity identity;

    public VerifiedTokenRequest(SecurityIdentity identity) {
        this.identity = identity;
    }

    public SecurityIdentity identity() {
        return identity;
    }
}
