package dev.tokenledger.system.console;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every page of the console opens for an admin against the real services and shows no error. */
class ConsolePagesTourTest {

    static ConsoleStack stack;

    @BeforeAll
    static void start() {
        stack = ConsoleStack.get();
    }

    @ParameterizedTest(name = "{0} opens without an error")
    @ValueSource(strings = {"sessions", "alerts", "prices", "forecast", "reconciliation", "audit", "settings"})
    void everyPageOpensWithoutAnError(String page) {
        try (Browser b = new Browser(stack.consoleUrl())) {
            b.signIn("alice", "/" + page);
            List<WebElement> errors = b.all("main .error");
            assertTrue(errors.isEmpty(), page + ": " + errors.stream().map(WebElement::getText).toList());
            assertEquals("page", b.driver.findElement(By.cssSelector("nav a[href='/" + page + "']")).getAttribute("aria-current"));
            b.screenshot(page);
        }
    }
}
