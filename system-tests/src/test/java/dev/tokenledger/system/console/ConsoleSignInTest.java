package dev.tokenledger.system.console;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing in and out of the console through Keycloak, and what protects a signed-in browser. */
class ConsoleSignInTest {

    static ConsoleStack stack;

    @BeforeAll
    static void start() {
        stack = ConsoleStack.get();
    }

    @Test
    void aliceSignsInOnKeycloaksPageAndTheOverviewShowsTheReportApisFigures() {
        JsonPath summary = given().auth().oauth2(stack.token("alice")).get(stack.url("report") + "/v1/reports/summary?period=this_month")
                .then().statusCode(200).extract().jsonPath();
        JsonPath byModel = given().auth().oauth2(stack.token("alice")).get(stack.url("report") + "/v1/reports/breakdown?by=model&period=this_month")
                .then().statusCode(200).extract().jsonPath();
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("alice", "/");
            assertEquals(summary.getString("total.amount"), b.exactMoney(b.testid("month-total")), "the month's exact total, as the summary API has it");
            assertEquals(byModel.getString("groups[0].key.model"), b.testid("top-model").getText());
            assertEquals(stack.acmeTopModel, b.testid("top-model").getText());
            assertTrue(b.testid("tenant").getText().contains("acme"));
            assertTrue(b.testid("who").getText().contains("alice"));
            b.wait(Duration.ofSeconds(10)).until(d -> !b.all("[data-testid='by-model'] .chart[data-drawn]").isEmpty());
            b.screenshot("overview");
        }
    }

    @Test
    void theOverviewIsUsableOnAPhoneWideScreen() {
        try (Browser b = new Browser(stack.consoleUrl(), 390, 844)) {
            b.signIn("alice", "/overview");
            b.wait(Duration.ofSeconds(10)).until(d -> !b.all("[data-testid='by-model'] .chart[data-drawn]").isEmpty());
            long overflow = ((Number) b.script("return document.documentElement.scrollWidth - window.innerWidth")).longValue();
            assertTrue(overflow <= 0, "nothing wider than the screen: " + overflow + " px too wide");
            b.screenshot("overview-390px");
        }
    }

    @Test
    void signingOutEndsTheSessionHereAndAtKeycloak() {
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("alice", "/budgets");
            b.driver.findElement(By.id("logout")).click();
            b.wait(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("/signed-out"));
            assertTrue(b.text().contains("You are signed out"));
            // the console's own API refuses the browser now, and a page asks Keycloak for a password again
            Object status = b.asyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/api/report/whoami', {headers: {'X-Requested-With': 'JavaScript'}, redirect: 'manual'}).then(r => done(r.status));");
            assertNotEquals(200L, ((Number) status).longValue(), "no data after sign-out");
            b.driver.get(stack.consoleUrl() + "/overview");
            b.waitFor(By.id("username"));
        }
    }

    @Test
    void aChangeWithoutTheBrowsersCsrfTokenIsRefusedAndChangesNothing() {
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("alice", "/budgets");
            String body = "{\"name\":\"csrf-" + stack.run + "\",\"period\":\"month\",\"limit\":\"5\"}";
            for (String header : new String[] {"", "forged-token"}) {
                Object answer = b.asyncScript("const done = arguments[arguments.length - 1];"
                        + "const headers = {'Content-Type': 'application/json', 'X-Requested-With': 'JavaScript'};"
                        + "if (arguments[1]) headers['X-Tokenledger-CSRF'] = arguments[1];"
                        + "fetch('/api/budget/budgets', {method: 'POST', headers, body: arguments[0]})"
                        + ".then(r => r.text().then(t => done(r.status + ' ' + t)));", body, header);
                assertTrue(answer.toString().startsWith("403 "), answer.toString());
                assertTrue(answer.toString().contains("X-Tokenledger-CSRF"), answer.toString());
            }
            String budgets = given().auth().oauth2(stack.token("alice")).get(stack.url("budget") + "/v1/budgets").then().statusCode(200).extract().asString();
            assertFalse(budgets.contains("csrf-" + stack.run));
        }
    }

    @Test
    void theConsoleAllowsScriptsAndStylesFromItsOwnOriginOnly() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.consoleUrl() + "/signed-out")).build(),
                HttpResponse.BodyHandlers.ofString());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("style-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval") || policy.contains("http"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        // an unsigned request for a page goes to Keycloak's login, never to a page
        HttpResponse<String> overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.consoleUrl() + "/overview")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, overview.statusCode());
        assertTrue(overview.headers().firstValue("Location").orElse("").contains("/protocol/openid-connect/auth"));
    }
}
