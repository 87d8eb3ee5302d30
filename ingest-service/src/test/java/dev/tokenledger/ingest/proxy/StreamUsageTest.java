package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.ingest.provider.ProviderUsageMapper;
import dev.tokenledger.testinfra.ProviderReplays;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-checked against the shared wire formats: what each stream's usage is, and what the client is given. */
class StreamUsageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stream as the client receives it after {@code usage} had its say on every frame. */
    private static byte[] relay(StreamUsage usage, List<byte[]> upstream) {
        SseFrames cutter = new SseFrames();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : upstream) {
            for (SseFrames.Frame f : cutter.feed(piece)) {
                StreamUsage.Verdict v = usage.observe(f);
                if (!v.drop()) {
                    out.writeBytes(v.replacement() != null ? v.replacement() : f.raw());
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(all::writeBytes);
        return all.toByteArray();
    }

    @Test
    void anOpenAiStreamTheProxyAskedUsageOfReachesTheClientAsIfItHadNot() {
        StreamUsage usage = new StreamUsage(ProxyProvider.OPENAI, true, JSON);
        byte[] client = relay(usage, ProviderReplays.openAiChatStream(true));
        assertArrayEquals(concat(ProviderReplays.openAiChatStream(false)), client);
        assertTrue(usage.complete());
        // 1,200 prompt tokens of which 1,024 cached; 2 completion tokens
        var mapped = new ProviderUsageMapper().map("openai", usage.usageSource()).usage();
        assertEquals(176, mapped.inputTokens());
        assertEquals(1024, mapped.cacheReadTokens());
        assertEquals(2, mapped.outputTokens());
        assertEquals("Hello", usage.text());
        assertEquals("gpt-4.1-2025-04-14", usage.model());
    }

    @Test
    void anOpenAiStreamTheClientAskedUsageOfIsRelayedUntouched() {
        StreamUsage usage = new StreamUsage(ProxyProvider.OPENAI, false, JSON);
        List<byte[]> upstream = ProviderReplays.openAiChatStream(true);
        assertArrayEquals(concat(upstream), relay(usage, upstream));
        assertTrue(usage.complete());
    }

    @Test
    void anAnthropicStreamsUsageIsItsFinalCumulativeCount() {
        StreamUsage usage = new StreamUsage(ProxyProvider.ANTHROPIC, false, JSON);
        List<byte[]> upstream = ProviderReplays.anthropicStream();
        assertArrayEquals(concat(upstream), relay(usage, upstream));
        assertTrue(usage.complete());
        var mapped = new ProviderUsageMapper().map("anthropic", usage.usageSource()).usage();
        assertEquals(25, mapped.inputTokens());
        assertEquals(4000, mapped.cacheReadTokens());
        assertEquals(87, mapped.outputTokens());
        assertEquals("Hi", usage.text());
        assertEquals("claude-haiku-4-5-20251001", usage.model());
    }

    @Test
    void anAnthropicStreamCutAfterItsStartHasItsInputButIsNotComplete() {
        StreamUsage usage = new StreamUsage(ProxyProvider.ANTHROPIC, false, JSON);
        relay(usage, ProviderReplays.anthropicStream().subList(0, 4));
        assertFalse(usage.complete());
        assertEquals(25, new ProviderUsageMapper().map("anthropic", usage.usageSource()).usage().inputTokens());
    }

    @Test
    void geminiAndResponsesStreamsGiveTheirLastUsage() {
        StreamUsage gemini = new StreamUsage(ProxyProvider.GEMINI, false, JSON);
        relay(gemini, ProviderReplays.geminiStream());
        var g = new ProviderUsageMapper().map("gemini", gemini.usageSource()).usage();
        // 1,500 prompt of which 1,024 cached; 120 candidates + 120 thoughts
        assertEquals(476, g.inputTokens());
        assertEquals(240, g.outputTokens());
        assertEquals("Example answer.", gemini.text());

        StreamUsage responses = new StreamUsage(ProxyProvider.OPENAI, false, JSON);
        relay(responses, ProviderReplays.openAiResponsesStream());
        var r = new ProviderUsageMapper().map("openai", responses.usageSource()).usage();
        assertEquals(904, r.inputTokens());
        assertEquals(1500, r.outputTokens());
        assertEquals("gpt-5-2025-08-07", responses.model());
    }

    @Test
    void aFrameWithUsageNullInsideItsTextIsNotTouched() {
        // an escaped quote in content cannot look like the usage member
        String frame = "data: {\"choices\":[{\"delta\":{\"content\":\"say ,\\\"usage\\\":null\"}}],\"usage\":null}\n\n";
        StreamUsage usage = new StreamUsage(ProxyProvider.OPENAI, true, JSON);
        byte[] out = relay(usage, List.of(frame.getBytes(StandardCharsets.UTF_8)));
        assertEquals("data: {\"choices\":[{\"delta\":{\"content\":\"say ,\\\"usage\\\":null\"}}]}\n\n", new String(out, StandardCharsets.UTF_8));
    }
}
