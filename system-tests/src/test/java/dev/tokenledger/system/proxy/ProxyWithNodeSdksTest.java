package dev.tokenledger.system.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.system.NodeScripts;
import dev.tokenledger.testinfra.ProviderReplays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Node SDKs ({@code openai}, {@code @anthropic-ai/sdk}, installed by
 * {@code ./tokenledger install} from {@code src/test/node/package-lock.json}) make a plain and a
 * streamed call each through the proxy, from a real {@code node} process.
 */
class ProxyWithNodeSdksTest {

    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        NodeScripts.assertInstalled("openai");
        stack = ProxyStack.get();
    }

    @Test
    void theNodeSdksCallsThroughTheProxyAreAnsweredAndCostWhatTheirUsageCosts() throws Exception {
        String project = "node-" + UUID.randomUUID();
        JsonNode result = NodeScripts.run("sdk-calls.mjs", Map.of("TOKENLEDGER_PROXY", stack.services.url("ingest") + "/proxy",
                "TOKENLEDGER_KEY", stack.key.value(), "PROVIDER_KEY", ProxyStack.PROVIDER_KEY, "PROJECT", project));

        assertEquals(2150, result.path("openai").path("prompt_tokens").asLong());
        assertEquals("Hello", result.path("openai_stream").path("text").asText());
        assertEquals(3, result.path("openai_stream").path("chunks").asInt(), "no usage-only chunk the client did not ask for");
        assertFalse(result.path("openai_stream").path("usage_seen").asBoolean());
        assertEquals(50, result.path("anthropic").path("input_tokens").asLong());
        assertEquals("Hi", result.path("anthropic_stream").path("text").asText());
        assertEquals("message_stop", result.path("anthropic_stream").path("last").asText());
        assertEquals(87, result.path("anthropic_stream").path("output_tokens").asLong());

        stack.recordDirectly(project + "-direct-openai", "openai", ProviderReplays.wireFormat("openai-chat-completion-usage.json"));
        stack.recordDirectly(project + "-direct-openai-stream", "openai", ProviderReplays.wireFormat("openai-chat-completion-stream-usage.json"));
        stack.recordDirectly(project + "-direct-anthropic", "anthropic", ProviderReplays.wireFormat("anthropic-message-usage.json"));
        stack.recordDirectly(project + "-direct-anthropic-stream", "anthropic", ProviderReplays.wireFormat("anthropic-stream-events.json"));
        for (String call : new String[] {"openai", "openai-stream", "anthropic", "anthropic-stream"}) {
            assertTrue(stack.cost(project + "-" + call, 1).signum() > 0, call);
            assertEquals(0, stack.cost(project + "-direct-" + call, 1).compareTo(stack.cost(project + "-" + call, 1)), call);
        }
    }
}
