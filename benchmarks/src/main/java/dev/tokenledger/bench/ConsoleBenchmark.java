package dev.tokenledger.bench;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long a person waits for the console's overview: from submitting Keycloak's login form (the
 * redirect back to the console) to an overview whose every figure, table and chart is drawn, in a
 * fresh headless Chromium each time (no cache, no session). The page's own clock times it; the
 * driver's wall clock (its round trips to chromedriver included) is printed beside it.
 *
 * <pre>./tokenledger bench console [--user alice] [--runs 10] [--url http://127.0.0.1:8080] [--timeline true]</pre>
 *
 * With {@code --timeline true} the last run's requests are printed with their start and end (ms after
 * the form was submitted), to see where the time goes.
 */
public final class ConsoleBenchmark {

    public static void main(String[] args) throws Exception {
        var o = IngestBenchmark.options(args);
        String url = o.getOrDefault("url", "http://127.0.0.1:8080");
        String user = o.getOrDefault("user", "alice");
        int runs = Integer.parseInt(o.getOrDefault("runs", "10"));
        List<Long> millis = new ArrayList<>();
        List<Long> driverMillis = new ArrayList<>();
        String calls = "";
        for (int i = 0; i < runs + 1; i++) {
            WebDriver driver = browser();
            try {
                driver.get(url + "/overview");
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                wait.until(d -> !d.findElements(By.id("username")).isEmpty());
                driver.findElement(By.id("username")).sendKeys(user);
                driver.findElement(By.id("password")).sendKeys(o.getOrDefault("password", "demo-password"));
                long t0 = System.nanoTime();
                driver.findElement(By.id("kc-login")).click();
                // the console's page measures itself: polling from here (a round trip to chromedriver per
                // look) would take the very cores the page and the services share
                wait.until(d -> url.equals(String.valueOf(((JavascriptExecutor) d).executeScript("return location.origin"))));
                driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
                Object drawn = ((JavascriptExecutor) driver).executeAsyncScript(DRAWN);
                if (!(drawn instanceof Number)) {
                    throw new IllegalStateException("the overview was not drawn within 60 s: " + drawn);
                }
                long ms = ((Number) drawn).longValue();
                long wall = (System.nanoTime() - t0) / 1_000_000;
                if (i > 0) {
                    millis.add(ms);
                    driverMillis.add(wall); // the first run warms the services' code paths and is not counted
                }
                if (i == runs && Boolean.parseBoolean(o.getOrDefault("timeline", "false"))) {
                    System.out.println(((JavascriptExecutor) driver).executeScript(TIMELINE));
                }
                calls = driver.findElement(By.cssSelector("[data-testid='month-total'] .stat-hint")).getText();
            } finally {
                driver.quit();
            }
        }
        Collections.sort(millis);
        Collections.sort(driverMillis);
        System.out.printf("console overview for %s (%s this month): login redirect to fully drawn, %d runs: p50 %d ms, max %d ms, min %d ms%n",
                user, calls, millis.size(), millis.get(millis.size() / 2), millis.get(millis.size() - 1), millis.get(0));
        // from the click sent to chromedriver to the answer received back: the driver's round trips included
        System.out.printf("  as timed from the test driver: p50 %d ms, max %d ms, min %d ms%n",
                driverMillis.get(driverMillis.size() / 2), driverMillis.get(driverMillis.size() - 1), driverMillis.get(0));
    }

    /**
     * Resolves with the page's clock (ms since the navigation began: the form's submission, Keycloak's
     * redirects included) once every figure, table and chart of the overview is drawn; or, after 55 s,
     * with what is still missing.
     */
    static final String DRAWN = "const done = arguments[arguments.length - 1]; const until = performance.now() + 55000;"
            + "const check = () => { const main = document.querySelector('main[data-ready]'); const charts = [...document.querySelectorAll('main .chart')];"
            + " if (main && !document.querySelector('main .loading') && charts.length && charts.every(c => c.dataset.drawn)) done(Math.round(performance.now()));"
            + " else if (performance.now() > until) done(JSON.stringify({ url: location.href, ready: !!main, loading: document.querySelectorAll('main .loading').length,"
            + " charts: charts.length, drawn: charts.filter(c => c.dataset.drawn).length, chartJs: !!window.Chart }));"
            + " else setTimeout(check, 4); }; check();";

    /** The document and each resource it loaded: start and end in ms after navigation start (the form's submission). */
    static final String TIMELINE = "const rows = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
            + ".map(e => [Math.round(e.startTime), Math.round(e.responseEnd), e.name.replace(location.origin, '')]);"
            + "return rows.sort((a, b) => a[0] - b[0]).map(r => String(r[0]).padStart(6) + String(r[1]).padStart(6) + '  ' + r[2]).join('\\n');";

    static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
