package dev.tokenledger.system.proxy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokenledger.testinfra.ProviderReplays;
import dev.tokenledger.testinfra.ProviderStandIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Java SDKs of OpenAI and Anthropic, unchanged but for their base URL (and the
 * tokenledger key beside the provider key), call the proxy; each call reaches the provider
 * stand-in with the caller's provider key and costs in the reports exactly what the provider's
 * usage costs when recorded directly.
 */
class ProxyWithOfficialSdksTest {

    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        stack = ProxyStack.get();
    }

    private static OpenAIClient openAi(String project) {
        return OpenAIOkHttpClient.builder().apiKey(ProxyStack.PROVIDER_KEY).baseUrl(stack.proxy("openai") + "/v1")
                .putHeader("X-Tokenledger-Key", stack.key.value()).putHeader("X-Tokenledger-Project", project).build();
    }

    private static AnthropicClient anthropic(String project) {
        return AnthropicOkHttpClient.builder().apiKey(ProxyStack.PROVIDER_KEY).baseUrl(stack.proxy("anthropic"))
                .putHeader("X-Tokenledger-Key", stack.key.value()).putHeader("X-Tokenledger-Project", project).build();
    }

    private static ProviderStandIn.Received lastReceived(String pathEnd) {
        List<ProviderStandIn.Received> all = stack.provider.received();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).pathAndQuery().endsWith(pathEnd)) {
                return all.get(i);
            }
        }
        throw new AssertionError("the provider received no request to " + pathEnd);
    }

    @Test
    void anOpenAiChatCompletionThroughTheJavaSdkCostsWhatItsUsageCosts() {
        String project = "sdk-openai-" + UUID.randomUUID();
        ChatCompletion answer = openAi(project).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("o4-mini").addUserMessage("Say hello").build());
        assertEquals(2150, answer.usage().orElseThrow().promptTokens());
        assertEquals("Example answer.", answer.choices().get(0).message().content().orElseThrow());
        ProviderStandIn.Received received = lastReceived("/v1/chat/completions");
        assertEquals("Bearer " + ProxyStack.PROVIDER_KEY, received.header("Authorization"), "the caller's provider key is forwarded");
        assertEquals(null, received.header("X-Tokenledger-Key"), "the tokenledger key stays with tokenledger");

        stack.recordDirectly(project + "-direct", "openai", ProviderReplays.wireFormat("openai-chat-completion-usage.json"));
        assertTrue(stack.cost(project, 1).signum() > 0);
        assertEquals(0, stack.cost(project + "-direct", 1).compareTo(stack.cost(project, 1)));
    }

    @Test
    void anOpenAiStreamThroughTheJavaSdkIsTheStreamItAskedForAndItsUsageIsStillRecorded() {
        String project = "sdk-openai-stream-" + UUID.randomUUID();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (var stream = openAi(project).chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("gpt-4.1").addUserMessage("Say hello").build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertEquals("Hello", text.toString());
        assertEquals(3, chunks.size(), "the usage-only chunk the proxy asked for is not passed on");
        assertTrue(chunks.stream().allMatch(c -> c.usage().isEmpty()), "no chunk carries usage the client did not ask for");
        assertTrue(lastReceived("/v1/chat/completions").json().path("stream_options").path("include_usage").asBoolean(),
                "the proxy asked the provider for the stream's usage");

        var chunksWithUsage = ProviderReplays.wireFormat("openai-chat-completion-stream-usage.json");
        stack.recordDirectly(project + "-direct", "openai", chunksWithUsage);
        assertTrue(stack.cost(project, 1).signum() > 0);
        assertEquals(0, stack.cost(project + "-direct", 1).compareTo(stack.cost(project, 1)));
    }

    @Test
    void anAnthropicMessageThroughTheJavaSdkCostsWhatItsUsageCosts() {
        String project = "sdk-anthropic-" + UUID.randomUUID();
        Message message = anthropic(project).messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1024L).addUserMessage("Say hello").build());
        assertEquals(50, message.usage().inputTokens());
        ProviderStandIn.Received received = lastReceived("/v1/messages");
        // this SDK version sends its key as a bearer token; older ones as x-api-key: either is forwarded as sent
        String sent = received.header("x-api-key") != null ? received.header("x-api-key") : received.header("Authorization");
        assertTrue(sent != null && sent.endsWith(ProxyStack.PROVIDER_KEY), "the caller's provider key is forwarded: " + received.headers());

        stack.recordDirectly(project + "-direct", "anthropic", ProviderReplays.wireFormat("anthropic-message-usage.json"));
        assertTrue(stack.cost(project, 1).signum() > 0);
        assertEquals(0, stack.cost(project + "-direct", 1).compareTo(stack.cost(project, 1)));
    }

    @Test
    void anAnthropicStreamThroughTheJavaSdkArrivesWholeAndCostsWhatItsFinalUsageCosts() {
        String project = "sdk-anthropic-stream-" + UUID.randomUUID();
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(project).messages().createStreaming(MessageCreateParams.builder()
                .model("claude-haiku-4-5").maxTokens(1024L).addUserMessage("Say hi").build())) {
            stream.stream().forEach(events::add);
        }
        StringBuilder text = new StringBuilder();
        events.forEach(e -> e.contentBlockDelta().ifPresent(d -> d.delta().text().ifPresent(t -> text.append(t.text()))));
        assertEquals("Hi", text.toString());
        assertTrue(events.get(events.size() - 1).isMessageStop());
        assertFalse(events.isEmpty());

        stack.recordDirectly(project + "-direct", "anthropic", ProviderReplays.wireFormat("anthropic-stream-events.json"));
        assertTrue(stack.cost(project, 1).signum() > 0);
        assertEquals(0, stack.cost(project + "-direct", 1).compareTo(stack.cost(project, 1)));
    }
}
