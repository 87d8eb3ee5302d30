package dev.tokenledger.common.access;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key presented in {@code Authorization: Bearer tlk_…} or {@code X-Api-Key}. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final ApiKeyFormat.Presented key;

    public ApiKeyAuthenticationRequest(ApiKeyFormat.Presented key) {
        this.key = key;
    }

    public ApiKeyFormat.Presented key() {
        return key;
    }
}
