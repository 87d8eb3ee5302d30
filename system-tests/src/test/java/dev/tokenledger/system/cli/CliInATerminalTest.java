package dev.tokenledger.system.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.system.proxy.ProxyStack;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tokenledger cost …} as a person or a script runs it: the built jar in its own process
 * against the real services, in a pseudo-terminal ({@code script}) where people read tables. The
 * figures it prints are the API's, exactly.
 */
class CliInATerminalTest {

    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        stack = CliJar.services();
    }

    record Run(int exit, String out) {
    }

    /** Runs the CLI with {@code args} as alice, in a pseudo-terminal when {@code terminal}. */
    private static Run cli(boolean terminal, String... args) throws Exception {
        return cliAs(stack.admin(), terminal, args);
    }

    private static Run cliAs(String token, boolean terminal, String... args) throws Exception {
        List<String> command = CliJar.command(args);
        ProcessBuilder pb = terminal
                ? new ProcessBuilder("script", "-qefc", String.join(" ", command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList()),
                        "/dev/null")
                : new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        CliJar.pointAt(stack, env);
        env.put("TOKENLEDGER_TOKEN", token);
        env.put("TOKENLEDGER_CONFIG", "/nonexistent/config.json");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI finished");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void reportsTopTrendsAndQuotesPrintTheApisFiguresExactly() throws Exception {
        String project = "cli-" + UUID.randomUUID();
        stack.recordUsage(project, "openai", "gpt-4o", Map.of("input_tokens", 12_000, "output_tokens", 800));
        stack.recordUsage(project, "anthropic", "claude-sonnet-4-5", Map.of("input_tokens", 3_000, "cache_read_tokens", 20_000, "output_tokens", 450));
        JsonPath summary = stack.summaryOnce(project, 2);
        BigDecimal total = new BigDecimal(summary.getString("total.amount"));
        String[] scope = {"--project", project, "--period", "today"};

        Run json = cli(false, concat(new String[] {"cost", "report", "--format", "json"}, scope));
        assertEquals(0, json.exit(), json.out());
        assertEquals(0, total.compareTo(new BigDecimal(Json.mapper().readTree(json.out()).at("/total/amount").asText())), json.out());

        Run csv = cli(false, concat(new String[] {"cost", "report", "--by", "model", "--format", "csv"}, scope));
        assertEquals(0, csv.exit(), csv.out());
        List<String> lines = csv.out().strip().lines().toList();
        assertEquals("model,cost,share %,calls,tokens,unpriced", lines.get(0));
        assertEquals(3, lines.size(), csv.out());
        BigDecimal sum = lines.subList(1, 3).stream().map(l -> new BigDecimal(l.split(",")[1])).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, total.compareTo(sum), "the exact costs of the groups add up to the exact total");

        Run top = cli(true, concat(new String[] {"cost", "top", "--by", "model"}, scope));
        assertEquals(0, top.exit(), top.out());
        JsonNode groups = Json.mapper().readTree(given().baseUri(stack.services.url("report")).auth().oauth2(stack.admin())
                .when().get("/v1/reports/breakdown?by=model&period=today&project=" + project).then().statusCode(200).extract().asString()).path("groups");
        for (JsonNode g : groups) {
            String model = g.at("/key/model").asText();
            String line = top.out().lines().filter(l -> l.startsWith(model + " ")).findFirst().orElseThrow(() -> new AssertionError(top.out()));
            assertTrue(line.contains(" " + g.path("cost_display").asText() + " "), line);
        }
        List<String> table = top.out().strip().lines().toList();
        assertEquals(table.get(0).indexOf("cost") + 4, table.get(1).indexOf(groups.get(0).path("cost_display").asText())
                + groups.get(0).path("cost_display").asText().length(), "numbers right-aligned under their header:\n" + top.out());

        Run trends = cli(true, concat(new String[] {"cost", "trends", "--granularity", "hour"}, scope));
        assertEquals(0, trends.exit(), trends.out());
        String last = trends.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.matches("[ ▁▂▃▄▅▆▇█]*█[ ▁▂▃▄▅▆▇█]*  total " + summary.getString("total_display") + " USD"), last);

        Run quote = cli(false, "cost", "quote", "--model", "gpt-4o", "--input", "1000", "--output", "100", "--format", "json");
        assertEquals(0, quote.exit(), quote.out());
        String direct = given().baseUri(stack.services.url("pricing")).auth().oauth2(stack.admin()).contentType("application/json")
                .body("{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":1000,\"cache_read_tokens\":0,\"output_tokens\":100}}")
                .when().post("/v1/quotes").then().statusCode(200).extract().jsonPath().getString("pricing.cost.amount");
        assertEquals(0, new BigDecimal(direct).compareTo(new BigDecimal(Json.mapper().readTree(quote.out()).at("/pricing/cost/amount").asText())));
    }

    @Test
    void forecastModelsAndBudgetListAreTheApisAnswers() throws Exception {
        Run forecast = cli(false, "cost", "forecast", "--format", "json");
        assertEquals(0, forecast.exit(), forecast.out());
        JsonNode api = Json.mapper().readTree(given().baseUri(stack.services.url("report")).auth().oauth2(stack.admin())
                .when().get("/v1/reports/forecast").then().statusCode(200).extract().asString());
        assertEquals(api.at("/next_month/month").asText(), Json.mapper().readTree(forecast.out()).at("/next_month/month").asText());
        Run table = cli(true, "cost", "forecast");
        assertEquals(0, table.exit(), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("burn rate per day")), table.out());

        Run models = cli(false, "cost", "models", "gpt-4o-mini", "--format", "csv");
        assertEquals(0, models.exit(), models.out());
        assertEquals("provider,model,input /M,cache read /M,output /M,currency", models.out().lines().findFirst().orElseThrow());
        assertTrue(models.out().lines().anyMatch(l -> l.startsWith("openai,gpt-4o-mini,")), models.out());

        Run budgets = cli(false, "cost", "budget", "list", "--format", "json");
        assertEquals(0, budgets.exit(), budgets.out());
        assertTrue(Json.mapper().readTree(budgets.out()).has("total"), budgets.out());
    }

    @Test
    void budgetCheckExitsThreeOnceABudgetOfTheScopeIsSpentAndZeroOtherwise() throws Exception {
        String project = "cli-budget-" + UUID.randomUUID();
        long tight = createBudget(project, "0.000001");
        long roomy = createBudget(project, "1000");
        assertEquals(0, cli(false, "cost", "budget", "check", String.valueOf(tight)).exit(), "nothing spent yet");
        stack.recordUsage(project, "openai", "gpt-4o", Map.of("input_tokens", 5_000, "output_tokens", 500));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                cli(false, "cost", "budget", "check", "--scope", "project=" + project, "--format", "csv").exit() == 3);
        Run roomyCheck = cli(true, "cost", "budget", "check", String.valueOf(roomy));
        assertEquals(0, roomyCheck.exit(), roomyCheck.out());
        assertTrue(roomyCheck.out().contains("cli " + project + " roomy"), roomyCheck.out());
        Run unknown = cli(false, "cost", "budget", "check", "999999999");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.out().contains("no budget [999999999]"), unknown.out());
        Run refused = cli(false, "cost", "report", "--period", "last_fortnight");
        assertEquals(1, refused.exit());
        assertTrue(refused.out().contains("period"), "the API's problem, in words: " + refused.out());
    }

    @Test
    void anAdminManagesABudgetFromTheTerminalAndAViewerIsRefusedWithTheApisReason() throws Exception {
        String project = "cli-manage-" + UUID.randomUUID();
        Run created = cli(false, "cost", "budget", "create", "--name", "cli " + project, "--scope", "project=" + project, "--period", "month",
                "--unit", "usd", "--limit", "10", "--format", "json");
        assertEquals(0, created.exit(), created.out());
        long id = Json.mapper().readTree(created.out()).path("id").asLong();
        Run set = cli(false, "cost", "budget", "set", String.valueOf(id), "--limit", "12.5", "--format", "json");
        assertEquals(0, set.exit(), set.out());
        assertEquals("12.5", Json.mapper().readTree(set.out()).path("limit").asText());
        assertEquals(project, Json.mapper().readTree(set.out()).at("/scope/project").asText(), "what was not given stays");
        Run credit = cli(false, "cost", "budget", "credit", String.valueOf(id), "--amount", "2.25", "--reason", "launch week", "--format", "json");
        assertEquals(0, credit.exit(), credit.out());
        Run show = cli(false, "cost", "budget", "show", String.valueOf(id), "--format", "json");
        assertEquals(0, new BigDecimal("14.75").compareTo(new BigDecimal(Json.mapper().readTree(show.out()).path("effective_limit").asText())),
                show.out());

        Run viewer = cliAs(stack.services.infra().tokens().user("bob"), false, "cost", "budget", "create", "--name", "nope", "--period",
                "month", "--unit", "usd", "--limit", "1");
        assertEquals(1, viewer.exit(), viewer.out());
        assertTrue(viewer.out().startsWith("Forbidden"), viewer.out());
    }

    @Test
    void aSessionsDetailTheLatestSessionOfTheDayAndItsEventsExported() throws Exception {
        String project = "cli-session-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            String body = Json.write(Map.of("provider", "openai", "model", "gpt-4o", "usage", Map.of("input_tokens", 1000 + i, "output_tokens", 50),
                    "attribution", Map.of("project", project, "session", session)));
            given().baseUri(stack.services.url("ingest")).auth().oauth2(stack.services.infra().tokens().serviceAccount("acme"))
                    .contentType("application/json").body(body).when().post("/v1/usage-events").then().statusCode(202);
        }
        stack.summaryOnce(project, 3);
        Run detail = cli(false, "cost", "session", session, "--format", "json");
        assertEquals(0, detail.exit(), detail.out());
        assertEquals(3, Json.mapper().readTree(detail.out()).path("calls").asLong());
        Run latest = cli(true, "cost", "session", "--project", project);
        assertEquals(0, latest.exit(), latest.out());
        assertTrue(latest.out().lines().anyMatch(l -> l.startsWith("session") && l.endsWith(session)), latest.out());

        java.nio.file.Path csv = java.nio.file.Files.createTempFile("export", ".csv");
        Run export = cli(true, "cost", "export", "--project", project, "--period", "today", "--output", csv.toString());
        assertEquals(0, export.exit(), export.out());
        assertTrue(export.out().contains("3 events written to " + csv), export.out());
        List<String> rows = java.nio.file.Files.readAllLines(csv);
        assertEquals(4, rows.size(), "a header and the three events");
        java.nio.file.Path ndjson = java.nio.file.Files.createTempFile("export", ".ndjson");
        assertEquals(0, cli(false, "cost", "export", "--project", project, "--period", "today", "--as", "ndjson", "-o", ndjson.toString()).exit());
        List<String> events = java.nio.file.Files.readAllLines(ndjson);
        assertEquals(3, events.size());
        assertEquals(session, Json.mapper().readTree(events.get(0)).path("session").asText(), events.get(0));

        Run completion = cli(false, "generate-completion");
        assertEquals(0, completion.exit());
        assertTrue(completion.out().contains("complete -F"), "a bash completion script");
    }

    private long createBudget(String project, String limit) {
        String name = "cli " + project + (limit.equals("1000") ? " roomy" : " tight");
        return given().baseUri(stack.services.url("budget")).auth().oauth2(stack.admin()).contentType("application/json")
                .body("{\"name\": \"%s\", \"scope\": {\"project\": \"%s\"}, \"period\": \"month\", \"unit\": \"usd\", \"limit\": \"%s\"}"
                        .formatted(name, project, limit))
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
