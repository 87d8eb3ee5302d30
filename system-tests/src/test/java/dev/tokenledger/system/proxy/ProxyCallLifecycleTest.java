package dev.tokenledger.system.proxy;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.ProviderReplays;
import dev.tokenledger.testinfra.ProviderStandIn;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a proxied call ends and is recorded: a stream the client abandons, a budget that denies, a
 * retry of the same request, a provider that fails or cannot be reached, a caller without the
 * right credential; and the provider key nowhere but at the provider.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyCallLifecycleTest {

    private static ProxyStack stack;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Every answer the proxy gave in this class: none may hold the provider key. */
    private static final List<String> ANSWERS = new ArrayList<>();

    @BeforeAll
    static void stack() {
        stack = ProxyStack.get();
    }

    private static HttpRequest.Builder openAi(String key, String requestId, String project) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.proxy("openai") + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ProxyStack.PROVIDER_KEY)
                .header("X-Tokenledger-Project", project);
        if (key != null) {
            b.header("X-Tokenledger-Key", key);
        }
        if (requestId != null) {
            b.header("X-Tokenledger-Request-Id", requestId);
        }
        return b;
    }

    private static HttpResponse<String> chat(String key, String requestId, String project) throws Exception {
        HttpResponse<String> r = HTTP.send(openAi(key, requestId, project).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"o4-mini\",\"max_completion_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        ANSWERS.add(r.body());
        return r;
    }

    private static JsonPath attemptsOnce(String requestId, int n, String lastStatus) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().baseUri(stack.services.url("ingest")).auth().oauth2(stack.admin()).when().get("/v1/proxy/requests/{id}", requestId);
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = response.jsonPath();
            return last[0].getList("attempts").size() == n && lastStatus.equals(last[0].getString("attempts[" + (n - 1) + "].status"));
        });
        return last[0];
    }

    @Test
    @Order(1)
    void aStreamTheClientAbandonsHalfwayIsRecordedOnceAsCancelledWithItsOutputEstimated() throws Exception {
        String project = "cancel-" + UUID.randomUUID();
        String requestId = "cancel-" + UUID.randomUUID();
        ProviderStandIn.Gate gate = stack.provider.holdNextStreamAfter(4);
        String body = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1024,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
        URI proxy = URI.create(stack.proxy("anthropic"));
        // a plain socket, so that the client really goes away: closed mid-stream, nothing drained
        try (java.net.Socket client = new java.net.Socket(proxy.getHost(), proxy.getPort())) {
            String request = "POST /proxy/anthropic/v1/messages HTTP/1.1\r\nHost: " + proxy.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "x-api-key: " + ProxyStack.PROVIDER_KEY + "\r\nanthropic-version: 2023-06-01\r\nX-Tokenledger-Key: " + stack.key.value()
                    + "\r\nX-Tokenledger-Project: " + project + "\r\nX-Tokenledger-Request-Id: " + requestId
                    + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
            client.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            assertTrue(gate.awaitReached(30));
            InputStream in = client.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (!seen.toString().contains("\"text\":\"Hi\"")) {
                int n = in.read(buffer);
                assertTrue(n > 0, "the stream's first frames arrive before the provider goes on: " + seen);
                seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertTrue(seen.toString().startsWith("HTTP/1.1 200"), seen.toString());
        }
        JsonPath attempts;
        try {
            // the provider goes on only once the proxy has seen the client go: otherwise the rest of the stream could win the race
            attempts = attemptsOnce(requestId, 1, "cancelled");
        } finally {
            gate.open();
        }
        assertTrue(attempts.getBoolean("attempts[0].output_estimated"));
        // "Hi" counted by the tokenizer; the input as the stream's message_start reported it (25 + 4,000 cached)
        assertEquals(1, attempts.getLong("attempts[0].output_tokens"));
        assertEquals(4025, attempts.getLong("attempts[0].input_tokens"));
        JsonPath summary = stack.summaryOnce(project, 1);
        assertEquals(1, summary.getLong("calls"));
        assertEquals(1, summary.getLong("tokens.output"));
    }

    @Test
    @Order(2)
    void aCallAgainstAnExhaustedBlockingBudgetGetsTheProvidersOwn429AndTheProviderIsNeverCalled() throws Exception {
        String project = "denied-" + UUID.randomUUID();
        String budget = """
                {"name": "proxy %s", "scope": {"project": "%s"}, "period": "month", "time_zone": "UTC", "unit": "usd",
                 "limit": "0.000001", "enforcement": "block"}""".formatted(project, project);
        given().baseUri(stack.services.url("budget")).auth().oauth2(stack.admin()).contentType("application/json").body(budget)
                .when().post("/v1/budgets").then().statusCode(201);
        int before = stack.provider.received().size();

        var sdk = OpenAIOkHttpClient.builder().apiKey(ProxyStack.PROVIDER_KEY).baseUrl(stack.proxy("openai") + "/v1").maxRetries(0)
                .putHeader("X-Tokenledger-Key", stack.key.value()).putHeader("X-Tokenledger-Project", project).build();
        RateLimitException refused = assertThrows(RateLimitException.class, () -> sdk.chat().completions().create(
                ChatCompletionCreateParams.builder().model("o4-mini").addUserMessage("Say hello").build()));
        assertTrue(refused.getMessage().contains("budget"), refused.getMessage());

        String requestId = "denied-" + UUID.randomUUID();
        HttpResponse<String> raw = chat(stack.key.value(), requestId, project);
        assertEquals(429, raw.statusCode());
        assertTrue(raw.headers().firstValue("Retry-After").isPresent());
        var error = Json.mapper().readTree(raw.body()).path("error");
        assertEquals("budget_exceeded", error.path("code").asText());
        assertEquals("insufficient_quota", error.path("type").asText());
        assertEquals(before, stack.provider.received().size(), "the provider was not called");
        assertEquals("denied", attemptsOnce(requestId, 1, "denied").getString("attempts[0].status"));
    }

    @Test
    @Order(3)
    void aRetryOfTheSameRequestIsItsSecondAttemptAndEachIsCountedOnce() throws Exception {
        String project = "retry-" + UUID.randomUUID();
        String requestId = "retry-" + UUID.randomUUID();
        String overloaded = "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
        stack.provider.answerNext(500, "application/json", overloaded, Map.of());
        HttpResponse<String> first = chat(stack.key.value(), requestId, project);
        assertEquals(500, first.statusCode());
        assertEquals(overloaded, first.body(), "the provider's error as it sent it");
        assertEquals(200, chat(stack.key.value(), requestId, project).statusCode());

        JsonPath attempts = attemptsOnce(requestId, 2, "success");
        assertEquals("error", attempts.getString("attempts[0].status"));
        assertEquals(500, attempts.getInt("attempts[0].upstream_status"));
        assertEquals(requestId + "#2", attempts.getString("attempts[1].request_id"));
        assertEquals(2150, attempts.getLong("attempts[1].input_tokens"));
        JsonPath summary = stack.summaryOnce(project, 2);
        assertEquals(2, summary.getLong("calls"));
        assertEquals(2150, summary.getLong("tokens.input") + summary.getLong("tokens.cache_read"), "the successful attempt's usage, once");
    }

    @Test
    @Order(4)
    void aProvidersRateLimitIsPassedOnAndRecordedAsRateLimited() throws Exception {
        String project = "limited-" + UUID.randomUUID();
        String requestId = "limited-" + UUID.randomUUID();
        String limited = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        stack.provider.answerNext(429, "application/json", limited, Map.of("retry-after", "7"));
        HttpResponse<String> answer = chat(stack.key.value(), requestId, project);
        assertEquals(429, answer.statusCode());
        assertEquals(limited, answer.body());
        assertEquals("7", answer.headers().firstValue("retry-after").orElse(null));
        assertEquals(429, attemptsOnce(requestId, 1, "rate_limited").getInt("attempts[0].upstream_status"));
    }

    @Test
    @Order(5)
    void aProviderThatCannotBeReachedIsA502InTheProvidersShapeRecordedAsAnError() throws Exception {
        String requestId = "unreachable-" + UUID.randomUUID();
        HttpResponse<String> answer = chat(stack.globexKey.value(), requestId, "unreachable");
        assertEquals(502, answer.statusCode(), answer.body());
        assertEquals("upstream_unreachable", Json.mapper().readTree(answer.body()).path("error").path("code").asText());
        String globexAdmin = stack.services.infra().tokens().user("carol");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(stack.services.url("ingest")).auth().oauth2(globexAdmin)
                .when().get("/v1/proxy/requests/{id}", requestId).then().extract().path("attempts[0].status"), "error"::equals);
        // another tenant's request id is not found for acme
        given().baseUri(stack.services.url("ingest")).auth().oauth2(stack.admin()).when().get("/v1/proxy/requests/{id}", requestId)
                .then().statusCode(404);
    }

    @Test
    @Order(6)
    void aCallWithoutATokenledgerCredentialOrWithoutTheGatewayRoleIsRefusedBeforeTheProvider() throws Exception {
        int before = stack.provider.received().size();
        HttpResponse<String> anonymous = chat(null, null, "refused");
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> ingestOnly = chat(stack.ingestOnlyKey.value(), null, "refused");
        assertEquals(403, ingestOnly.statusCode());
        assertTrue(Json.mapper().readTree(ingestOnly.body()).path("error").path("message").asText().contains("gateway"), ingestOnly.body());
        assertEquals(before, stack.provider.received().size());
    }

    @Test
    @Order(7)
    void aProviderSilentPastTheIdleTimeoutIsA504InTheProvidersShapeRecordedAsAnError() throws Exception {
        String requestId = "silent-" + UUID.randomUUID();
        ProviderStandIn.Gate silent = stack.provider.holdNextAnswer();
        HttpResponse<String> answer;
        long started = System.nanoTime();
        try {
            answer = chat(stack.key.value(), requestId, "silent-provider");
        } finally {
            silent.open();
        }
        assertEquals(504, answer.statusCode(), answer.body());
        var error = Json.mapper().readTree(answer.body()).path("error");
        assertEquals("upstream_timeout", error.path("code").asText(), answer.body());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(ProxyStack.UPSTREAM_IDLE_TIMEOUT) >= 0,
                "the proxy waited the idle timeout before giving up");
        JsonPath attempts = attemptsOnce(requestId, 1, "error");
        assertEquals(null, attempts.getString("attempts[0].upstream_status"), "no status came from the provider");
    }

    @Test
    @Order(100)
    void theProviderKeyIsNeverInALogARecordTheDatabaseOrAnAnswer() throws Exception {
        String secret = ProxyStack.PROVIDER_KEY;
        assertTrue(stack.provider.received().stream().anyMatch(r -> r.headers().toString().contains(secret)), "the key did reach the provider");
        stack.assertNowhere(List.of(secret), ANSWERS);
    }
}
