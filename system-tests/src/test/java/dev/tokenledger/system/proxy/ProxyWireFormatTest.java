package dev.tokenledger.system.proxy;

import dev.tokenledger.testinfra.ProviderReplays;
import dev.tokenledger.testinfra.ProviderStandIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client receives through the proxy is what the provider sent, byte for byte (a stream
 * frame by frame, each frame before the provider sends the next), on every provider route, and
 * each route's call costs what its usage costs recorded directly (OpenRouter's own cost kept).
 */
class ProxyWireFormatTest {

    private static ProxyStack stack;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void stack() {
        stack = ProxyStack.get();
    }

    private static HttpRequest.Builder call(String provider, String path, String project) {
        return HttpRequest.newBuilder(URI.create(stack.proxy(provider) + path))
                .header("Content-Type", "application/json")
                .header("X-Tokenledger-Key", stack.key.value())
                .header("X-Tokenledger-Project", project)
                .header(provider.equals("gemini") ? "x-goog-api-key" : "Authorization",
                        provider.equals("gemini") ? ProxyStack.PROVIDER_KEY : "Bearer " + ProxyStack.PROVIDER_KEY);
    }

    private static HttpResponse<byte[]> post(String provider, String path, String project, String body) throws Exception {
        return HTTP.send(call(provider, path, project).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** Reads from {@code in} until {@code expected} bytes came (or the stream ended). */
    private static byte[] readExactly(InputStream in, int expected) throws java.io.IOException {
        byte[] got = new byte[expected];
        int n = 0;
        while (n < expected) {
            int r = in.read(got, n, expected - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return java.util.Arrays.copyOf(got, n);
    }

    @Test
    void aPlainAnswerArrivesByteForByteWithTheProvidersHeaders() throws Exception {
        String project = "wire-plain-" + UUID.randomUUID();
        HttpResponse<byte[]> answer = post("openai", "/v1/chat/completions", project,
                "{\"model\":\"o4-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        assertEquals(200, answer.statusCode());
        assertArrayEquals(ProviderReplays.openAiChat(), answer.body());
        assertEquals("req_EXAMPLE0001", answer.headers().firstValue("x-request-id").orElse(null));
        assertEquals("412", answer.headers().firstValue("openai-processing-ms").orElse(null));
    }

    @Test
    void aStreamIsRelayedFrameByFrameEachBeforeTheProviderSendsTheNext() throws Exception {
        String project = "wire-stream-" + UUID.randomUUID();
        List<byte[]> frames = ProviderReplays.openAiChatStream(false);
        ProviderStandIn.Gate gate = stack.provider.holdNextStreamAfter(1);
        HttpResponse<InputStream> answer = HTTP.send(call("openai", "/v1/chat/completions", project).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"gpt-4.1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = answer.body()) {
            assertTrue(gate.awaitReached(30));
            // the provider holds its second frame: the first one is with the client already
            assertArrayEquals(frames.get(0), readExactly(body, frames.get(0).length));
            gate.open();
            byte[] rest = body.readAllBytes();
            assertArrayEquals(concat(frames.subList(1, frames.size())), rest, "the rest of the stream, without the usage the proxy asked for");
        }
        assertEquals("text/event-stream; charset=utf-8", answer.headers().firstValue("content-type").orElse(null));
        assertEquals(1, stack.summaryOnce(project, 1).getLong("calls"));
    }

    @Test
    void aGeminiAnswerAndStreamArriveUnchangedAndCostWhatTheirUsageCosts() throws Exception {
        String project = "wire-gemini-" + UUID.randomUUID();
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}";
        HttpResponse<byte[]> plain = post("gemini", "/v1beta/models/gemini-2.5-flash:generateContent", project, body);
        assertArrayEquals(ProviderReplays.geminiGenerate(), plain.body());
        HttpResponse<byte[]> stream = post("gemini", "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", project, body);
        assertArrayEquals(concat(ProviderReplays.geminiStream()), stream.body());
        assertTrue(stack.provider.received().stream().anyMatch(r -> r.pathAndQuery().endsWith(":streamGenerateContent?alt=sse")
                && ProxyStack.PROVIDER_KEY.equals(r.header("x-goog-api-key"))), "query and key reach the provider");

        String last = new String(ProviderReplays.geminiStream().get(1), StandardCharsets.UTF_8).substring("data: ".length()).trim();
        stack.recordDirectly(project + "-direct", "gemini", dev.tokenledger.common.json.Json.mapper().readTree(ProviderReplays.geminiGenerate()));
        stack.recordDirectly(project + "-direct", "gemini", dev.tokenledger.common.json.Json.mapper().readTree(last));
        assertTrue(stack.cost(project, 2).signum() > 0);
        assertEquals(0, stack.cost(project + "-direct", 2).compareTo(stack.cost(project, 2)));
    }

    @Test
    void anOpenRouterCallKeepsTheCostOpenRouterReported() throws Exception {
        String project = "wire-openrouter-" + UUID.randomUUID();
        String body = "{\"model\":\"anthropic/claude-sonnet-4.5\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        assertArrayEquals(ProviderReplays.openRouterChat(), post("openrouter", "/api/v1/chat/completions", project, body).body());
        byte[] streamed = post("openrouter", "/api/v1/chat/completions", project, body.replace("{", "{\"stream\":true,")).body();
        assertArrayEquals(concat(ProviderReplays.openRouterStream()), streamed);
        // the reported 0.014625 per call wins over the list price
        assertEquals(0, new java.math.BigDecimal("0.029250").compareTo(stack.cost(project, 2)));
    }

    @Test
    void responsesEmbeddingsCompletionsAndOtherPathsAreRecorded() throws Exception {
        String project = "wire-openai-more-" + UUID.randomUUID();
        assertArrayEquals(ProviderReplays.openAiResponses(), post("openai", "/v1/responses", project,
                "{\"model\":\"gpt-5\",\"input\":\"Say hello\"}").body());
        byte[] streamed = post("openai", "/v1/responses", project, "{\"model\":\"gpt-5\",\"input\":\"Say hello\",\"stream\":true}").body();
        assertArrayEquals(concat(ProviderReplays.openAiResponsesStream()), streamed);
        assertArrayEquals(ProviderReplays.openAiEmbeddings(), post("openai", "/v1/embeddings", project,
                "{\"model\":\"text-embedding-3-small\",\"input\":\"hello there\"}").body());
        assertArrayEquals(ProviderReplays.openAiCompletion(), post("openai", "/v1/completions", project,
                "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say\"}").body());
        HttpResponse<byte[]> models = HTTP.send(call("openai", "/v1/models", project).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(ProviderReplays.openAiModels(), models.body());

        var summary = stack.summaryOnce(project, 5);
        assertEquals(5, summary.getLong("calls"));
        // responses twice (5,000 in each), embeddings 8, completion 5
        assertEquals(2 * 5000 + 8 + 5, summary.getLong("tokens.input") + summary.getLong("tokens.cache_read"));
    }
}
