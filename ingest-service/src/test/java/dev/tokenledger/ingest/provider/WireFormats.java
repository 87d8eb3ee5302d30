package dev.tokenledger.ingest.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The provider usage examples (a copy of shared/data/wire-formats, kept identical by WireFormatCopyTest). */
public final class WireFormats {

    public static final List<String> FILES = List.of(
            "openai-chat-completion-usage.json",
            "openai-chat-completion-stream-usage.json",
            "openai-responses-usage.json",
            "anthropic-message-usage.json",
            "anthropic-stream-events.json",
            "openrouter-chat-completion-usage.json");

    private WireFormats() {
    }

    public static JsonNode read(String file) {
        try (InputStream in = WireFormats.class.getResourceAsStream("/wire-formats/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource wire-formats/" + file);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String providerOf(String file) {
        return file.substring(0, file.indexOf('-'));
    }
}
