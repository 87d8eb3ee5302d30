package dev.tokenledger.testinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider answers as they arrive on the wire, built from the shared wire formats
 * ({@code /wire-formats/*.json}): whole JSON bodies, and streams as the exact server-sent-event
 * frames each provider writes (OpenAI {@code data:} lines ending in {@code [DONE]}, Anthropic
 * {@code event:}/{@code data:} pairs, Gemini frames separated by CRLF CRLF).
 */
public final class ProviderReplays {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderReplays() {
    }

    public static JsonNode wireFormat(String file) {
        try (InputStream in = ProviderReplays.class.getResourceAsStream("/wire-formats/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no wire format " + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] openAiChat() {
        return compact(wireFormat("openai-chat-completion-usage.json"));
    }

    public static byte[] openAiResponses() {
        return compact(wireFormat("openai-responses-usage.json"));
    }

    public static byte[] openRouterChat() {
        return compact(wireFormat("openrouter-chat-completion-usage.json"));
    }

    public static byte[] anthropicMessage() {
        return compact(wireFormat("anthropic-message-usage.json"));
    }

    public static byte[] openAiEmbeddings() {
        return utf8("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.0023064255,-0.009327292,0.015797347]}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}");
    }

    public static byte[] openAiCompletion() {
        return utf8("{\"id\":\"cmpl-EXAMPLE0007\",\"object\":\"text_completion\",\"created\":1767225600,\"model\":\"gpt-3.5-turbo-instruct\","
                + "\"choices\":[{\"text\":\" an example\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}");
    }

    public static byte[] openAiModels() {
        return utf8("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4.1\",\"object\":\"model\",\"created\":1744316542,\"owned_by\":\"system\"}]}");
    }

    public static byte[] anthropicCountTokens() {
        return utf8("{\"input_tokens\":25}");
    }

    /** Gemini {@code generateContent}: the answer with its {@code usageMetadata} (cached content is part of the prompt count). */
    public static byte[] geminiGenerate() {
        return utf8("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Example answer.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":1500,\"candidatesTokenCount\":120,\"totalTokenCount\":1740,\"cachedContentTokenCount\":1024,"
                + "\"thoughtsTokenCount\":120},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"EXAMPLE0008\"}");
    }

    /**
     * OpenAI chat completion chunks: with {@code include_usage} every chunk carries {@code "usage":null}
     * and an extra last chunk (no choices) the usage; without it, no chunk has a usage field.
     */
    public static List<byte[]> openAiChatStream(boolean includeUsage) {
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode chunk : wireFormat("openai-chat-completion-stream-usage.json")) {
            boolean usageChunk = chunk.get("usage") != null && chunk.get("usage").isObject();
            if (usageChunk && !includeUsage) {
                continue;
            }
            ObjectNode c = chunk.deepCopy();
            if (!includeUsage) {
                c.remove("usage");
            }
            frames.add(utf8("data: " + new String(compact(c), StandardCharsets.UTF_8) + "\n\n"));
        }
        frames.add(utf8("data: [DONE]\n\n"));
        return frames;
    }

    /** Anthropic message events, each as {@code event: <name>} and {@code data: <json>}. */
    public static List<byte[]> anthropicStream() {
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode e : wireFormat("anthropic-stream-events.json")) {
            frames.add(utf8("event: " + e.get("event").asText() + "\ndata: " + new String(compact(e.get("data")), StandardCharsets.UTF_8) + "\n\n"));
        }
        return frames;
    }

    /** Gemini {@code streamGenerateContent?alt=sse}: cumulative usage on every chunk, frames ended by CRLF CRLF. */
    public static List<byte[]> geminiStream() {
        return List.of(
                utf8("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Example\"}],\"role\":\"model\"},\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":1500,\"totalTokenCount\":1500,\"cachedContentTokenCount\":1024},"
                        + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"EXAMPLE0009\"}\r\n\r\n"),
                utf8("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" answer.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":1500,\"candidatesTokenCount\":120,\"totalTokenCount\":1740,\"cachedContentTokenCount\":1024,"
                        + "\"thoughtsTokenCount\":120},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"EXAMPLE0009\"}\r\n\r\n"));
    }

    /** The OpenRouter answer's usage (with its {@code cost}) on the last chunk of a stream, after a keep-alive comment. */
    public static List<byte[]> openRouterStream() {
        JsonNode whole = wireFormat("openrouter-chat-completion-usage.json");
        String head = "{\"id\":\"gen-EXAMPLE0006\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"anthropic/claude-sonnet-4.5\","
                + "\"provider\":\"Anthropic\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Example answer.\"},\"finish_reason\":null}]}";
        String last = "{\"id\":\"gen-EXAMPLE0006\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"anthropic/claude-sonnet-4.5\","
                + "\"provider\":\"Anthropic\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":"
                + new String(compact(whole.get("usage")), StandardCharsets.UTF_8) + "}";
        return List.of(utf8(": OPENROUTER PROCESSING\n\n"), utf8("data: " + head + "\n\n"), utf8("data: " + last + "\n\n"), utf8("data: [DONE]\n\n"));
    }

    /** What an OpenAI Responses stream sends: created, text deltas, and the completed response with its usage. */
    public static List<byte[]> openAiResponsesStream() {
        JsonNode whole = wireFormat("openai-responses-usage.json");
        String completed = "{\"type\":\"response.completed\",\"sequence_number\":3,\"response\":" + new String(compact(whole), StandardCharsets.UTF_8) + "}";
        return List.of(
                utf8("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_EXAMPLE0003\","
                        + "\"object\":\"response\",\"created_at\":1767225600,\"status\":\"in_progress\",\"model\":\"gpt-5-2025-08-07\",\"output\":[],\"usage\":null}}\n\n"),
                utf8("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_EXAMPLE0003\","
                        + "\"output_index\":1,\"content_index\":0,\"delta\":\"Example answer.\"}\n\n"),
                utf8("event: response.output_text.done\ndata: {\"type\":\"response.output_text.done\",\"sequence_number\":2,\"item_id\":\"msg_EXAMPLE0003\","
                        + "\"output_index\":1,\"content_index\":0,\"text\":\"Example answer.\"}\n\n"),
                utf8("event: response.completed\ndata: " + completed + "\n\n"));
    }

    private static byte[] compact(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
