package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestFactsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestFacts facts(ProxyProvider p, String path, String body) throws Exception {
        return RequestFacts.of(p, path, JSON.readTree(body));
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
            "OPENAI, /v1/chat/completions, chat", "OPENAI, /v1/responses, responses", "OPENAI, /v1/embeddings, embedding",
            "OPENAI, /v1/completions, completion", "OPENAI, /v1/files, api-call", "OPENAI, /v1/models, api-call",
            "ANTHROPIC, /v1/messages, chat", "ANTHROPIC, /v1/messages/count_tokens, api-call",
            "GEMINI, /v1beta/models/gemini-2.5-flash:generateContent, chat", "GEMINI, /v1beta/models/gemini-2.5-flash:streamGenerateContent, chat",
            "GEMINI, /v1beta/models, api-call", "OPENROUTER, /api/v1/chat/completions, chat", "OPENROUTER, /api/v1/models, api-call"})
    void eachPathIsTheOperationItsProviderDocuments(ProxyProvider provider, String path, String operation) {
        assertEquals(operation, provider.operation(path));
    }

    @Test
    void anOpenAiRequestGivesItsModelLimitUserMetadataAndPromptText() throws Exception {
        RequestFacts f = facts(ProxyProvider.OPENAI, "/v1/chat/completions", """
                {"model": "gpt-4.1", "stream": true, "max_completion_tokens": 300, "user": "u-7", "metadata": {"customer": "c-1", "ticket": "T-9"},
                 "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": [{"type": "text", "text": "Hello"},
                 {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}]}""");
        assertEquals("gpt-4.1", f.model());
        assertTrue(f.stream());
        assertEquals(300L, f.maxOutputTokens());
        assertEquals("u-7", f.user());
        assertEquals(Map.of("customer", "c-1", "ticket", "T-9"), f.metadata());
        assertEquals("Be brief.\nHello\n", f.promptText(), "text only: no roles, no image data");
    }

    @Test
    void anAnthropicRequestsUserIsItsMetadataUserId() throws Exception {
        RequestFacts f = facts(ProxyProvider.ANTHROPIC, "/v1/messages", """
                {"model": "claude-sonnet-4-5", "max_tokens": 1024, "system": "Be brief.", "metadata": {"user_id": "u-42"},
                 "messages": [{"role": "user", "content": "Hi"}]}""");
        assertEquals(1024L, f.maxOutputTokens());
        assertEquals("u-42", f.user());
        assertTrue(f.metadata().isEmpty());
        assertEquals("Be brief.\nHi\n", f.promptText());
    }

    @Test
    void aGeminiRequestsModelIsInItsPath() throws Exception {
        RequestFacts f = facts(ProxyProvider.GEMINI, "/v1beta/models/gemini-2.5-pro:streamGenerateContent", """
                {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}], "generationConfig": {"maxOutputTokens": 64}}""");
        assertEquals("gemini-2.5-pro", f.model());
        assertTrue(f.stream());
        assertEquals(64L, f.maxOutputTokens());
        assertEquals("Hi\n", f.promptText());
        assertFalse(facts(ProxyProvider.GEMINI, "/v1beta/models/gemini-2.5-pro:generateContent", "{}").stream());
    }

    @Test
    void promptTokensAreCountedWithTheModelsEncoding() {
        // o200k and cl100k both split "Hello world" in two; the chat framing adds 3
        assertEquals(2, TokenEstimator.count("gpt-4o", "Hello world"));
        assertEquals(2, TokenEstimator.count("gpt-3.5-turbo", "Hello world"));
        assertEquals(5, TokenEstimator.estimateInput("gpt-4.1", "Hello world"));
        assertEquals("O200K_BASE", TokenEstimator.encodingFor("openai/gpt-5-mini").getName().toUpperCase());
        assertEquals("CL100K_BASE", TokenEstimator.encodingFor("claude-sonnet-4-5").getName().toUpperCase());
    }

    @ParameterizedTest(name = "{0} answers {1} as its own error shape")
    @CsvSource({"OPENAI, 429, /error/type, insufficient_quota", "OPENROUTER, 401, /error/type, authentication_error",
            "ANTHROPIC, 429, /error/type, rate_limit_error", "ANTHROPIC, 502, /type, error", "GEMINI, 429, /error/status, RESOURCE_EXHAUSTED",
            "GEMINI, 504, /error/code, 504"})
    void refusalsAreWrittenInTheProvidersErrorShape(ProxyProvider provider, int status, String pointer, String expected) throws Exception {
        var error = JSON.readTree(provider.error(status, "budget_exceeded", "a \"quoted\" reason\n"));
        assertEquals(expected, error.at(pointer).asText());
        assertEquals("a \"quoted\" reason\n", error.at("/error/message").asText(), "every shape carries the message at /error/message");
    }
}
