package dev.tokenledger.system.cli;

import dev.tokenledger.common.json.Json;
import dev.tokenledger.system.proxy.ProxyStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cost watch --session ID}: the running line of a session, updated as its calls go through
 * ingest, pricing and the report store (the report-service's live stream), in its own process.
 */
class CliWatchTest {

    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        stack = CliJar.services();
    }

    @Test
    void theLineShowsEachCallOfTheSessionSoonAfterItIsSent() throws Exception {
        String session = "watch-" + UUID.randomUUID();
        ProcessBuilder pb = new ProcessBuilder(CliJar.command("cost", "watch", "--session", session)).redirectErrorStream(true);
        CliJar.pointAt(stack, pb.environment());
        pb.environment().put("TOKENLEDGER_TOKEN", stack.admin());
        Process watch = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8)).lines()
                .forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> lines.contains("$0.0000 · 0 tok · 0 calls"));
            for (int call = 1; call <= 2; call++) {
                long sent = System.nanoTime();
                String body = Json.write(Map.of("provider", "openai", "model", "gpt-4o", "usage", Map.of("input_tokens", 10_000, "output_tokens", 500),
                        "attribution", Map.of("project", "watch", "session", session)));
                given().baseUri(stack.services.url("ingest")).auth().oauth2(stack.services.infra().tokens().serviceAccount("acme"))
                        .contentType("application/json").body(body).when().post("/v1/usage-events").then().statusCode(202);
                String expected = " · " + (call * 10.5) + "K tok · " + call + (call == 1 ? " call" : " calls");
                String tokens = expected.replace(".0K", "K");
                await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.endsWith(tokens)));
                System.out.printf("cost watch: call %d shown %d ms after it was sent%n", call, (System.nanoTime() - sent) / 1_000_000);
            }
            String last = lines.get(lines.size() - 1);
            assertTrue(last.matches("\\$0\\.\\d{4} · 21K tok · 2 calls"), lines.toString());
        } finally {
            watch.destroy();
        }
    }
}
