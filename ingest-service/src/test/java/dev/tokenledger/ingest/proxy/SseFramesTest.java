package dev.tokenledger.ingest.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseFramesTest {

    private static List<SseFrames.Frame> feedInPieces(SseFrames frames, byte[] stream, int piece) {
        List<SseFrames.Frame> out = new ArrayList<>();
        for (int i = 0; i < stream.length; i += piece) {
            out.addAll(frames.feed(java.util.Arrays.copyOfRange(stream, i, Math.min(stream.length, i + piece))));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} line endings in pieces of {1} bytes give the same frames, byte for byte")
    @CsvSource({"LF, 1", "LF, 7", "LF, 4096", "CRLF, 1", "CRLF, 3", "CRLF, 4096", "CR, 1", "CR, 4096"})
    void framesAreCutAtBlankLinesWhateverTheLineEndingsAndPieces(String ending, int piece) {
        String eol = switch (ending) {
            case "CRLF" -> "\r\n";
            case "CR" -> "\r";
            default -> "\n";
        };
        String[] frames = {"event: message_start" + eol + "data: {\"a\":1}" + eol + eol, ": keep-alive" + eol + eol,
                "data: {\"b\":" + eol + "data: 2}" + eol + eol, "data: [DONE]" + eol + eol};
        byte[] stream = String.join("", frames).getBytes(StandardCharsets.UTF_8);
        SseFrames cutter = new SseFrames();
        List<SseFrames.Frame> got = feedInPieces(cutter, stream, piece);
        cutter.finish().ifPresent(got::add);
        assertEquals(frames.length, got.size());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        got.forEach(f -> again.writeBytes(f.raw()));
        assertArrayEquals(stream, again.toByteArray(), "the frames put together are the stream");
        assertEquals("message_start", got.get(0).event());
        assertEquals("{\"a\":1}", got.get(0).data());
        assertNull(got.get(1).data(), "a comment carries no data");
        assertEquals("{\"b\":\n2}", got.get(2).data(), "data lines are joined by LF");
        assertEquals("[DONE]", got.get(3).data());
        assertTrue(cutter.finish().isEmpty());
    }

    @Test
    void aStreamThatEndsWithoutABlankLineEndsWithItsLastBytesAsAFrame() {
        SseFrames cutter = new SseFrames();
        assertEquals(1, cutter.feed("data: 1\n\ndata: 2".getBytes(StandardCharsets.UTF_8)).size());
        SseFrames.Frame last = cutter.finish().orElseThrow();
        assertEquals("data: 2", new String(last.raw(), StandardCharsets.UTF_8));
        assertEquals("2", last.data());
    }
}
