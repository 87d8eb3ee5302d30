package dev.tokenledger.system.console;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drilling down from a chart, and the tenant walls as the console shows them. */
class ConsoleDrillDownAndTenantsTest {

    static ConsoleStack stack;

    @BeforeAll
    static void start() {
        stack = ConsoleStack.get();
    }

    @Test
    void aClickOnAChartSliceOpensExploreFilteredToItsModel() {
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("alice", "/overview");
            WebElement chart = b.wait(Duration.ofSeconds(15)).until(d -> {
                List<WebElement> drawn = d.findElements(By.cssSelector("[data-testid='by-model'] .chart[data-drawn]"));
                return drawn.isEmpty() ? null : drawn.get(0);
            });
            // the top model's slice (the first), where the chart itself places its tooltip: on the ring, mid-slice
            @SuppressWarnings("unchecked")
            List<Number> at = (List<Number>) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript(
                    "const p = arguments[0].chart.getDatasetMeta(0).data[0].tooltipPosition(); return [p.x, p.y];", chart);
            int x = (int) Math.round(at.get(0).doubleValue() - chart.getSize().getWidth() / 2.0);
            int y = (int) Math.round(at.get(1).doubleValue() - chart.getSize().getHeight() / 2.0);
            new Actions(b.driver).moveToElement(chart, x, y).click().perform();
            b.wait(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("/explore") && d.getCurrentUrl().contains("model=" + stack.acmeTopModel));
            b.awaitPage();
            assertTrue(b.testid("filters").getText().contains("model = " + stack.acmeTopModel));
            List<WebElement> rows = b.testid("events").findElements(By.cssSelector("tbody tr"));
            assertEquals(3, rows.size(), "the three calls of the top model, and no other");
            for (WebElement row : rows) {
                assertEquals(stack.acmeTopModel, row.findElements(By.tagName("td")).get(2).getText());
            }
            b.screenshot("explore-drill-down");

            // the view is in the address: opened again (bookmarked, shared) it shows the same
            String url = b.driver.getCurrentUrl();
            b.driver.get(url);
            b.awaitPage();
            assertEquals(3, b.testid("events").findElements(By.cssSelector("tbody tr")).size());
        }
    }

    @Test
    void carolOfGlobexNeverSeesAnAcmeNameOrNumber() {
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("carol", "/overview");
            assertTrue(b.testid("tenant").getText().contains("globex"));
            for (String page : List.of("/overview", "/explore?period=this_month&by=project", "/sessions", "/budgets", "/keys",
                    "/explore?period=this_month&project=" + stack.acmeProject)) {
                b.open(page);
                String text = b.driver.getPageSource();
                assertFalse(text.contains(stack.acmeProject) && !page.contains(stack.acmeProject), page + " shows acme's project");
                assertFalse(text.contains(stack.acmeSession) || text.contains("helper-" + stack.run), page + " shows acme's names");
                assertFalse(text.contains("user-9"), page + " shows an acme user");
            }
            b.open("/explore?period=this_month&by=project");
            assertTrue(b.testid("breakdown-table").getText().contains(stack.globexProject));
            b.screenshot("explore-globex");
            // asking to act for acme (as a platform-admin may) is refused by the services for carol
            b.script("sessionStorage.setItem('tokenledger.act-for', 'acme')");
            b.open("/explore?period=this_month&by=project");
            assertFalse(b.driver.getPageSource().contains(stack.acmeProject));
            assertTrue(b.all("main .error").size() > 0, "the refusal is shown");
        }
    }

    @Test
    void aPlatformAdminActsForATenantUnderAVisibleBanner() {
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("olga", "/overview");
            WebElement actFor = b.waitFor(By.id("act-for"));
            actFor.sendKeys("acme");
            actFor.submit();
            b.wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("acting")).isDisplayed());
            b.awaitPage();
            assertTrue(b.driver.findElement(By.id("acting")).getText().contains("Acting for tenant acme"));
            assertEquals(stack.acmeTopModel, b.testid("top-model").getText());
            b.screenshot("act-for-banner");
        }
    }
}
