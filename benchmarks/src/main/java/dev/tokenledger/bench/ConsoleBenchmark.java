package dev.tokenledger.bench;

import org.openqa.selenium.By;
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
 * fresh headless Chromium each time (no cache, no session).
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
                try {
                    wait.pollingEvery(Duration.ofMillis(5)).until(d -> d.findElements(By.cssSelector("main[data-ready]")).size() == 1
                            && d.findElements(By.cssSelector("main .loading")).isEmpty()
                            && d.findElements(By.cssSelector("main .chart")).size() == d.findElements(By.cssSelector("main .chart[data-drawn]")).size()
                            && !d.findElements(By.cssSelector("main .chart")).isEmpty());
                } catch (org.openqa.selenium.TimeoutException e) {
                    throw new IllegalStateException("the overview was not drawn within 60 s: " + ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                            "return JSON.stringify({url: location.href, ready: document.querySelector('main') && document.querySelector('main').dataset.ready,"
                            + " loading: document.querySelectorAll('main .loading').length, charts: document.querySelectorAll('main .chart').length,"
                            + " drawn: document.querySelectorAll('main .chart[data-drawn]').length, echarts: !!window.echarts,"
                            + " states: [...document.querySelectorAll('main .chart')].map(c => c.dataset.error || (c.isConnected + '/' + c.offsetWidth))})"), e);
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (i > 0) {
                    millis.add(ms); // the first run warms the services' code paths and is not counted
                }
                if (i == runs && Boolean.parseBoolean(o.getOrDefault("timeline", "false"))) {
                    System.out.println(((org.openqa.selenium.JavascriptExecutor) driver).executeScript(TIMELINE));
                }
                calls = driver.findElement(By.cssSelector("[data-testid='month-total'] .stat-hint")).getText();
            } finally {
                driver.quit();
            }
        }
        Collections.sort(millis);
        System.out.printf("console overview for %s (%s this month): login redirect to fully drawn, %d runs: p50 %d ms, max %d ms, min %d ms%n",
                user, calls, millis.size(), millis.get(millis.size() / 2), millis.get(millis.size() - 1), millis.get(0));
    }

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
