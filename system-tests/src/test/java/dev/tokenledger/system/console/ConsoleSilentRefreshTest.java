package dev.tokenledger.system.console;

import dev.tokenledger.testinfra.InfraEnv;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A console left open past its tokens' lifetime keeps working: the backend renews the tokens with the
 * refresh token on the next call, without a trip through Keycloak's login page or a page reload. The
 * console's realm client is given 20-second tokens for this class (and its lifetime restored after).
 */
class ConsoleSilentRefreshTest {

    static final String LIFESPAN = "access.token.lifespan";
    static ConsoleStack stack;
    static String keycloak;
    static String clientPath;
    static String lifespanBefore;

    @BeforeAll
    static void shortLivedTokens() {
        stack = ConsoleStack.get();
        keycloak = InfraEnv.get().keycloakUrl();
        String id = given().auth().oauth2(adminToken()).get(keycloak + "/admin/realms/tokenledger/clients?clientId=tokenledger-console")
                .then().statusCode(200).extract().jsonPath().getString("[0].id");
        clientPath = keycloak + "/admin/realms/tokenledger/clients/" + id;
        lifespanBefore = client().getString("attributes.'" + LIFESPAN + "'");
        setLifespan("20");
    }

    @AfterAll
    static void restoreLifespan() {
        if (clientPath != null) {
            setLifespan(lifespanBefore == null ? "" : lifespanBefore);
        }
    }

    @Test
    void aPageUsedPastItsTokensExpiryKeepsWorkingWithoutSigningInAgain() {
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("alice", "/overview");
            Instant expiry = sessionExpiry(b);
            assertTrue(expiry.isBefore(Instant.now().plusSeconds(30)), "the session's tokens are the short-lived ones: " + expiry);
            b.script("window.tokenledgerNotReloaded = true;");

            await().atMost(Duration.ofSeconds(40)).until(() -> Instant.now().isAfter(expiry.plusSeconds(2)));

            Object status = b.asyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/api/report/whoami', {headers: {'X-Requested-With': 'JavaScript'}}).then(r => done(r.status));");
            assertEquals(200L, ((Number) status).longValue(), "the call after the tokens expired is answered");
            assertTrue(sessionExpiry(b).isAfter(expiry), "the session holds renewed tokens");
            assertEquals(Boolean.TRUE, b.script("return window.tokenledgerNotReloaded === true;"), "the page was not reloaded");

            b.driver.findElement(By.cssSelector("nav a[href='/budgets']")).click();
            b.awaitPage();
            assertTrue(b.driver.getCurrentUrl().startsWith(stack.consoleUrl()), "still in the console, not on a login page");
            assertTrue(b.all("#username").isEmpty());
            assertEquals(Boolean.TRUE, b.script("return window.tokenledgerNotReloaded === true;"), "the page was not reloaded");
        }
    }

    private static Instant sessionExpiry(Browser b) {
        Object body = b.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/session', {headers: {'X-Requested-With': 'JavaScript'}}).then(r => r.text()).then(done);");
        return Instant.parse(JsonPath.from((String) body).getString("expires_at"));
    }

    private static JsonPath client() {
        return given().auth().oauth2(adminToken()).get(clientPath).then().statusCode(200).extract().jsonPath();
    }

    private static void setLifespan(String seconds) {
        Map<String, Object> representation = client().getMap("");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) representation.get("attributes");
        attributes.put(LIFESPAN, seconds);
        given().auth().oauth2(adminToken()).contentType("application/json").body(representation).put(clientPath)
                .then().statusCode(204);
    }

    /** The test Keycloak's bootstrap administrator (master realm), as the launcher starts it. */
    private static String adminToken() {
        return given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(keycloak + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().jsonPath().getString("access_token");
    }
}
