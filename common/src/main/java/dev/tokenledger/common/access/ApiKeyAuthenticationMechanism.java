package dev.tokenledger.common.access;

import dev.tokenledger.common.problem.HttpRefusals;
import dev.tokenledger.common.problem.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * The second credential next to Keycloak tokens: an API key in {@code Authorization: Bearer tlk_…}
 * (what OpenAI-style SDKs send) or in {@code X-Api-Key}. It runs before the OIDC mechanism and
 * leaves every other bearer token to it. A malformed, unknown or revoked key is a 401.
 * <p>
 * Under {@code /proxy/} the provider's key travels in {@code Authorization}, {@code X-Api-Key} or
 * {@code x-goog-api-key}, so there the tokenledger credential is read only from
 * {@code X-Tokenledger-Key} (an API key), {@code X-Tokenledger-Authorization} (a bearer token,
 * verified by the OIDC provider) or a {@code tlk_} key in the provider key's own header (the
 * proxy then calls with the tenant's stored provider key); no other mechanism reads the provider's key.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-Api-Key";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.normalizedPath().startsWith(PROXY_PATH)) {
            return proxyCaller(context, identityProviderManager);
        }
        String presented = presentedKey(context);
        if (presented == null) {
            return Uni.createFrom().nullItem();
        }
        return ApiKeyFormat.parse(presented)
                .map(key -> identityProviderManager.authenticate(
                        HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(key), context)))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("malformed API key")));
    }

    public static final String PROXY_PATH = "/proxy/";
    public static final String PROXY_KEY_HEADER = "X-Tokenledger-Key";
    public static final String PROXY_TOKEN_HEADER = "X-Tokenledger-Authorization";
    /** Where the providers' SDKs send their key (OpenAI and OpenRouter, Anthropic, Gemini, Azure OpenAI). */
    private static final java.util.List<String> PROVIDER_KEY_HEADERS = java.util.List.of("Authorization", "x-api-key", "x-goog-api-key", "api-key");

    private Uni<SecurityIdentity> proxyCaller(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = context.request().getHeader(PROXY_KEY_HEADER);
        String token = context.request().getHeader(PROXY_TOKEN_HEADER);
        if (token != null && token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
            if (token.startsWith(ApiKeyFormat.PREFIX)) {
                key = token;
                token = null;
            }
        }
        if (key != null) {
            return ApiKeyFormat.parse(key.trim())
                    .map(k -> identityProviderManager.authenticate(
                            HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(k), context)))
                    .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("malformed API key")));
        }
        if (token != null && !token.isEmpty()) {
            return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                    new io.quarkus.security.identity.request.TokenAuthenticationRequest(new io.quarkus.oidc.AccessTokenCredential(token)), context));
        }
        // the provider key's own header holds the provider's key unless it is a tokenledger key (the proxy then calls with a stored one)
        for (String header : PROVIDER_KEY_HEADERS) {
            String value = context.request().getHeader(header);
            if (value == null) {
                continue;
            }
            String bare = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value.trim();
            if (bare.startsWith(ApiKeyFormat.PREFIX)) {
                return ApiKeyFormat.parse(bare)
                        .map(k -> identityProviderManager.authenticate(
                                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(k), context)))
                        .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("malformed API key")));
            }
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("no tokenledger credential on a proxied call"));
    }

    static String presentedKey(RoutingContext context) {
        String header = context.request().getHeader(HEADER);
        if (header != null) {
            return header;
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer " + ApiKeyFormat.PREFIX, 0, 7 + ApiKeyFormat.PREFIX.length())) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    /**
     * The 401 for every mechanism (this one runs first): a problem document naming the credentials
     * accepted, where the HTTP layer would answer an empty body.
     */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (!context.response().ended()) {
            context.response().putHeader("WWW-Authenticate", HttpRefusals.CHALLENGE);
            ProblemMappers.send(context.response(), HttpRefusals.unauthenticated());
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
