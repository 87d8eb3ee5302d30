package dev.tokenledger.system.proxy;

import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tokenledger.testinfra.ProviderReplays;
import dev.tokenledger.testinfra.ProviderStandIn;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Managed provider keys, as LiteLLM's virtual keys: a tenant admin stores the provider keys once,
 * and the official SDKs then carry only their tokenledger key (as their own API key). The proxy
 * calls the provider with the stored key, a rotation takes effect on the next call, a revoked key
 * is never sent again, and no stored key is anywhere in the clear.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyWithManagedKeysTest {

    private static final String OPENAI_KEY = "sk-proj-MANAGED" + UUID.randomUUID().toString().replace("-", "");
    private static final String ANTHROPIC_KEY = "sk-ant-api03-MANAGED" + UUID.randomUUID().toString().replace("-", "");
    private static final String ROTATED_FROM = "sk-proj-ROTATEDFROM" + UUID.randomUUID().toString().replace("-", "");
    private static final String ROTATED_TO = "sk-proj-ROTATEDTO" + UUID.randomUUID().toString().replace("-", "");
    private static final List<String> ANSWERS = new ArrayList<>();

    private static ProxyStack stack;

    @BeforeAll
    static void stack() {
        stack = ProxyStack.get();
        stack.storeProviderKey("openai", "default", OPENAI_KEY);
        stack.storeProviderKey("anthropic", "default", ANTHROPIC_KEY);
    }

    private static OpenAIClient openAi(String project, Map<String, String> headers) {
        var builder = OpenAIOkHttpClient.builder().apiKey(stack.key.value()).baseUrl(stack.proxy("openai") + "/v1").maxRetries(0)
                .putHeader("X-Tokenledger-Project", project);
        headers.forEach(builder::putHeader);
        return builder.build();
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

    private static void noTokenledgerKeyReached(ProviderStandIn.Received received) {
        assertFalse(received.headers().toString().contains(stack.key.value()), "the tokenledger key stays with tokenledger: " + received.headers());
    }

    @Test
    @Order(1)
    void anOpenAiSdkCarryingOnlyItsTokenledgerKeyCallsWithTheTenantsStoredKey() {
        String project = "managed-openai-" + UUID.randomUUID();
        ChatCompletion answer = openAi(project, Map.of()).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("o4-mini").addUserMessage("Say hello").build());
        assertEquals(2150, answer.usage().orElseThrow().promptTokens());
        ProviderStandIn.Received received = lastReceived("/v1/chat/completions");
        assertEquals("Bearer " + OPENAI_KEY, received.header("Authorization"));
        noTokenledgerKeyReached(received);

        stack.recordDirectly(project + "-direct", "openai", ProviderReplays.wireFormat("openai-chat-completion-usage.json"));
        assertTrue(stack.cost(project, 1).signum() > 0);
        assertEquals(0, stack.cost(project + "-direct", 1).compareTo(stack.cost(project, 1)));
    }

    @Test
    @Order(2)
    void anAnthropicSdkStreamCarryingOnlyItsTokenledgerKeyGoesOutWithTheStoredKeyInXApiKey() {
        String project = "managed-anthropic-" + UUID.randomUUID();
        var client = AnthropicOkHttpClient.builder().apiKey(stack.key.value()).baseUrl(stack.proxy("anthropic"))
                .putHeader("X-Tokenledger-Project", project).build();
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model("claude-haiku-4-5").maxTokens(1024L).addUserMessage("Say hi").build())) {
            stream.stream().forEach(events::add);
        }
        assertTrue(events.get(events.size() - 1).isMessageStop());
        ProviderStandIn.Received received = lastReceived("/v1/messages");
        assertEquals(ANTHROPIC_KEY, received.header("x-api-key"));
        assertNull(received.header("Authorization"), "only the stored key goes out: " + received.headers());
        noTokenledgerKeyReached(received);

        stack.recordDirectly(project + "-direct", "anthropic", ProviderReplays.wireFormat("anthropic-stream-events.json"));
        assertEquals(0, stack.cost(project + "-direct", 1).compareTo(stack.cost(project, 1)));
    }

    @Test
    @Order(3)
    void aRotatedKeyIsSentFromTheNextCallAndARevokedOneNeverAgainAndBothAreAudited() {
        String name = "rotation-" + UUID.randomUUID().toString().substring(0, 8);
        String id = stack.storeProviderKey("openai", name, ROTATED_FROM);
        OpenAIClient client = openAi("managed-rotation", Map.of("X-Tokenledger-Provider-Key", name));
        ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder().model("o4-mini").addUserMessage("Say hello").build();

        client.chat().completions().create(chat);
        assertEquals("Bearer " + ROTATED_FROM, lastReceived("/v1/chat/completions").header("Authorization"));

        ANSWERS.add(given().baseUri(stack.services.url("ingest")).auth().oauth2(stack.admin()).contentType("application/json")
                .body("{\"key\": \"" + ROTATED_TO + "\"}").when().post("/v1/provider-keys/{id}/rotation", id)
                .then().statusCode(200).extract().asString());
        client.chat().completions().create(chat);
        assertEquals("Bearer " + ROTATED_TO, lastReceived("/v1/chat/completions").header("Authorization"));

        ANSWERS.add(given().baseUri(stack.services.url("ingest")).auth().oauth2(stack.admin()).when().delete("/v1/provider-keys/{id}", id)
                .then().statusCode(200).extract().asString());
        int before = stack.provider.received().size();
        UnauthorizedException refused = assertThrows(UnauthorizedException.class, () -> client.chat().completions().create(chat));
        ANSWERS.add(refused.getMessage());
        assertTrue(refused.getMessage().contains("no openai key"), refused.getMessage());
        assertEquals(before, stack.provider.received().size(), "a call without a key never reaches the provider");

        JsonPath audit = given().baseUri(stack.services.url("ingest")).auth().oauth2(stack.admin()).queryParam("object_id", id)
                .when().get("/v1/audit-log").then().statusCode(200).extract().jsonPath();
        ANSWERS.add(audit.prettify());
        assertEquals(List.of("provider_key.revoked", "provider_key.rotated", "provider_key.created"), audit.getList("entries.action"));
        assertEquals(List.of(2, 2, 1), audit.getList("entries.after.version"));
        assertEquals("alice", audit.getString("entries[0].actor"));
    }

    @Test
    @Order(100)
    void noStoredKeyIsInALogARecordTheDatabaseInTheClearOrAnAnswer() throws Exception {
        stack.assertNowhere(List.of(OPENAI_KEY, ANTHROPIC_KEY, ROTATED_FROM, ROTATED_TO), ANSWERS);
    }
}
