package dev.tokenledger.system.cli;

import dev.tokenledger.common.json.Json;
import dev.tokenledger.system.console.Browser;
import dev.tokenledger.system.proxy.ProxyStack;
import dev.tokenledger.testinfra.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tokenledger login} with the device authorization grant, as a person does it: the CLI prints
 * a link, the person opens it in a browser (Debian's headless Chromium here) and signs in on
 * Keycloak's own page; the CLI keeps the tokens in a file only its owner can read, and the next
 * commands need no token of their own.
 */
class CliDeviceLoginTest {

    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        stack = CliJar.services();
    }

    private static ProcessBuilder cli(Path home, String... args) {
        ProcessBuilder pb = new ProcessBuilder(CliJar.command(args)).redirectErrorStream(true);
        CliJar.pointAt(stack, pb.environment());
        pb.environment().put("XDG_CONFIG_HOME", home.toString());
        return pb;
    }

    @Test
    void aPersonSignsInInTheBrowserAndTheCliKeepsTheTokensForItsOwnerOnly() throws Exception {
        Path home = Files.createTempDirectory("tokenledger-cli-home");
        Process login = cli(home, "login").start();
        BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("To sign in, open http"), String.valueOf(first));
        String link = first.substring("To sign in, open ".length()).trim();
        String code = out.readLine();
        assertTrue(code.matches("and check that it shows the code [A-Z]{4}-[A-Z]{4}"), code);

        try (Browser person = new Browser("")) {
            ChromeDriver browser = person.driver;
            browser.get(link);
            WebDriverWait wait = person.wait(Duration.ofSeconds(30));
            // the link holds the code; should Keycloak still show it for confirmation first, it is submitted as shown
            wait.until(d -> !d.findElements(By.id("username")).isEmpty() || !d.findElements(By.id("device-user-code")).isEmpty());
            if (browser.findElements(By.id("username")).isEmpty()) {
                browser.findElement(By.id("kc-login")).click();
            }
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys(Tokens.DEMO_PASSWORD);
            browser.findElement(By.id("kc-login")).click();
            // Keycloak asks the person to grant the device access when the client requires consent; it does not here
            wait.until(d -> d.getPageSource().contains("Device Login Successful") || !d.findElements(By.name("accept")).isEmpty());
            if (!browser.findElements(By.name("accept")).isEmpty()) {
                browser.findElement(By.name("accept")).click();
            }
        }
        assertTrue(login.waitFor(60, TimeUnit.SECONDS), "the CLI saw the sign-in");
        String rest = new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, login.exitValue(), rest);
        assertTrue(rest.contains("Signed in (profile default)."), rest);

        Path credentials = home.resolve("tokenledger/credentials.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())));
        assertTrue(Json.mapper().readTree(credentials.toFile()).at("/default/refresh_token").asText().length() > 20);

        Process report = cli(home, "cost", "report", "--format", "json", "--period", "today").start();
        assertTrue(report.waitFor(60, TimeUnit.SECONDS));
        String answer = new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, report.exitValue(), answer);
        assertEquals("today", Json.mapper().readTree(answer).at("/period/label").asText(), "alice's report, with the kept token");

        Process logout = cli(home, "logout").start();
        assertTrue(logout.waitFor(60, TimeUnit.SECONDS));
        Process after = cli(home, "cost", "report").start();
        assertTrue(after.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, after.exitValue());
        assertTrue(new String(after.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("not signed in: run tokenledger login"));
    }
}
