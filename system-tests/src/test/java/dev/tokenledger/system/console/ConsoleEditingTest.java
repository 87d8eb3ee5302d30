package dev.tokenledger.system.console;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an admin changes through the console's forms, and what a viewer cannot. */
class ConsoleEditingTest {

    static ConsoleStack stack;

    @BeforeAll
    static void start() {
        stack = ConsoleStack.get();
    }

    @Test
    void aBudgetCreatedThroughTheFormShowsItsLiveStatus() {
        String name = "ui-budget-" + stack.run;
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("alice", "/budgets");
            b.testid("budget-new").click();
            b.testid("budget-name").sendKeys(name);
            b.testid("budget-limit").sendKeys("25");
            b.testid("scope-add").click();
            b.driver.findElement(By.cssSelector("[data-testid='budget-form'] input[name='scope-value']")).sendKeys(stack.acmeProject);
            b.testid("budget-save").click();
            WebElement row = b.testid("budget-row-" + name).findElement(By.xpath("./ancestor::tr"));

            JsonPath status = budgetStatus(name);
            assertEquals(Map.of("project", stack.acmeProject), status.getMap("budget.scope"));
            assertEquals("25", status.getString("budget.limit"));
            List<String> amounts = row.findElements(By.cssSelector(".money")).stream().map(e -> e.getAttribute("data-exact")).toList();
            assertEquals(List.of(status.getString("spent"), status.getString("reserved"), status.getString("remaining"),
                    status.getString("effective_limit")), amounts, "spent, reserved, remaining and limit as the budget-service has them");
            assertTrue(row.getText().contains("project=" + stack.acmeProject));
            b.screenshot("budgets");
        }
    }

    @Test
    void anApiKeyIsShownOnceWhenMintedWorksAndIsRefusedOnceRevoked() {
        String name = "ui-key-" + stack.run;
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("alice", "/keys");
            b.testid("key-name").sendKeys(name);
            b.testid("key-create").click();
            String key = b.testid("key-secret").getText();
            assertTrue(key.startsWith("tlk_"), key);
            given().header("X-Api-Key", key).get(stack.url("ingest") + "/v1/whoami").then().statusCode(200);
            WebElement row = b.testid("key-row-" + name).findElement(By.xpath("./ancestor::tr"));
            assertFalse(row.getText().contains(key.substring(30)), "the list shows a prefix, never the secret");
            b.screenshot("api-keys");

            row.findElement(By.cssSelector("[data-testid='key-revoke']")).click();
            b.driver.switchTo().alert().accept();
            b.wait(Duration.ofSeconds(10)).until(d -> b.testid("key-row-" + name).findElement(By.xpath("./ancestor::tr")).getText().contains("revoked"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().header("X-Api-Key", key).get(stack.url("ingest") + "/v1/whoami").then().statusCode(401));
        }
    }

    @Test
    void aViewerHasNoEditControlsAndAForcedEditShowsTheServicesRefusal() {
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("bob", "/budgets");
            assertTrue(b.testid("who").getText().contains("viewer"));
            assertTrue(b.all("[data-testid='budget-new']").isEmpty(), "no create button");
            assertTrue(b.all("[data-testid='budget-edit'], [data-testid='budget-delete'], [data-testid='budget-credit']").isEmpty(), "no edit controls");
            b.screenshot("budgets-viewer");
            // the form put into the page by hand (as from the browser's developer tools) and submitted
            b.asyncScript("const done = arguments[arguments.length - 1];"
                    + "import('/app/pages/budgets-form.js').then(m => {"
                    + "  const f = m.budgetForm(null, () => {}); document.querySelector('main').prepend(f);"
                    + "  f.querySelector('[data-testid=budget-name]').value = 'forced-' + arguments[0];"
                    + "  f.querySelector('[data-testid=budget-limit]').value = '1';"
                    + "  f.requestSubmit(); done(true); });", stack.run);
            WebElement refusal = b.waitFor(By.cssSelector("[data-testid='budget-form'] .error"));
            assertTrue(refusal.getText().contains("403") && refusal.getText().contains("Not allowed"), refusal.getText());
            b.screenshot("budgets-viewer-forced-edit");
        }
        String budgets = given().auth().oauth2(stack.token("alice")).get(stack.url("budget") + "/v1/budgets").then().extract().asString();
        assertFalse(budgets.contains("forced-" + stack.run), "nothing was created");
    }

    private static JsonPath budgetStatus(String name) {
        Object id = given().auth().oauth2(stack.token("alice")).get(stack.url("budget") + "/v1/budgets").then().statusCode(200)
                .extract().jsonPath().get("items.find { it.budget.name == '" + name + "' }.budget.id");
        return given().auth().oauth2(stack.token("alice")).get(stack.url("budget") + "/v1/budgets/" + id + "/status")
                .then().statusCode(200).extract().jsonPath();
    }
}
