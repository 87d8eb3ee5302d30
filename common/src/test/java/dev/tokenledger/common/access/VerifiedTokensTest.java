package dev.tokenledger.common.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiedTokensTest {

    static JsonWebToken jwt(String raw, long exp) {
        Map<String, Object> claims = Map.of("raw_token", raw, "exp", exp, "sub", "svc", "tenant", "acme");
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "svc";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }

    static SecurityIdentity verified(JsonWebToken jwt) {
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole("gateway")
                .addAttribute("io.vertx.ext.web.RoutingContext", new Object()).build();
    }

    static long inSeconds(long s) {
        return System.currentTimeMillis() / 1000 + s;
    }

    @Test
    void aVerifiedTokenIsRecognisedWithItsRolesButWithoutTheRequestThatBroughtIt() {
        VerifiedTokens tokens = new VerifiedTokens();
        JsonWebToken jwt = jwt("header.payload.signature", inSeconds(300));
        tokens.remember(verified(jwt), "acme", "svc");
        SecurityIdentity recalled = tokens.recall("header.payload.signature").orElseThrow();
        assertSame(jwt, recalled.getPrincipal());
        assertEquals(Set.of("gateway"), recalled.getRoles());
        assertNull(recalled.getAttribute("io.vertx.ext.web.RoutingContext"), "nothing of the first request is kept");
        assertEquals("acme", recalled.getAttribute(VerifiedTokens.CLAIMED_TENANT), "its claims are read once, not per request");
        assertEquals("svc", recalled.getAttribute(VerifiedTokens.CLAIMED_SUBJECT));
        assertTrue(tokens.recall("header.payload.signaturX").isEmpty(), "any other string is verified in full");
    }

    @Test
    void anExpiredTokenIsNeitherRememberedNorRecalled() {
        VerifiedTokens tokens = new VerifiedTokens();
        tokens.remember(verified(jwt("old", inSeconds(-1))), "acme", "svc");
        assertTrue(tokens.recall("old").isEmpty());
        long now = System.currentTimeMillis() / 1000;
        tokens.nowSeconds = () -> now;
        tokens.remember(verified(jwt("soon", now + 60)), "acme", "svc");
        assertTrue(tokens.recall("soon").isPresent());
        tokens.nowSeconds = () -> now + 60;
        assertTrue(tokens.recall("soon").isEmpty(), "recognised until its exp, not a second longer");
    }

    @Test
    void anIdentityThatIsNotATokenIsNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens();
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(new io.quarkus.security.runtime.QuarkusPrincipal("api-key:x")).build(), "acme", "api-key:x");
        assertTrue(tokens.recall("api-key:x").isEmpty());
    }
}
