package dev.tokenledger.system.console;

import dev.tokenledger.testinfra.InfraEnv;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Debian's headless Chromium driven through its ChromeDriver, as a person uses the console: through
 * Keycloak's own login page, clicks and typing. Each browser is a fresh profile (no shared cookies).
 */
public final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = InfraEnv.repoRoot().resolve("system-tests/target/screenshots");

    public final ChromeDriver driver;
    private final String base;

    public Browser(String base) {
        this(base, 1280, 900);
    }

    Browser(String base, int width, int height) {
        this.base = base;
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // without the background-networking flags Chromium keeps calling Google's hosts, which this closed network refuses
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Opens a console address and signs in on Keycloak's login page; returns when the page has drawn. */
    Browser signIn(String user, String path) {
        driver.get(base + path);
        waitFor(By.id("username"));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(dev.tokenledger.testinfra.Tokens.DEMO_PASSWORD);
        driver.findElement(By.id("kc-login")).click();
        return awaitPage();
    }

    /** Waits until the console's router has drawn a page (main[data-ready]) and its loading states are gone. */
    Browser awaitPage() {
        wait(Duration.ofSeconds(30)).until(d -> {
            List<WebElement> main = d.findElements(By.cssSelector("main[data-ready]"));
            return !main.isEmpty() && d.findElements(By.cssSelector("main .loading")).isEmpty();
        });
        return this;
    }

    /** Navigates inside the console (a full page load of a console address: the session cookie signs it in). */
    Browser open(String path) {
        driver.get(base + path);
        return awaitPage();
    }

    WebElement waitFor(By by) {
        return wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** A wait that looks again when the page redrew the element it held (tables are redrawn after a change). */
    public WebDriverWait wait(Duration d) {
        WebDriverWait wait = new WebDriverWait(driver, d);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    WebElement testid(String id) {
        return waitFor(By.cssSelector("[data-testid='" + id + "']"));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The exact amount behind a rounded one (the hover title's decimal, kept in data-exact). */
    String exactMoney(WebElement container) {
        return container.findElement(By.cssSelector(".money")).getAttribute("data-exact");
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Saves what the browser shows now as target/screenshots/{name}.png (the whole page, not just the window). */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Object height = script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
            Dimension before = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(before.getWidth(), Math.min(6000, ((Number) height).intValue() + 120)));
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            driver.manage().window().setSize(before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
