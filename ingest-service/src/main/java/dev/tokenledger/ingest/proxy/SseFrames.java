package dev.tokenledger.ingest.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a server-sent-event stream into its frames as bytes arrive, in any pieces: a frame ends at a
 * blank line, whichever line ending the provider uses (LF, CRLF as Gemini writes, or CR). Each frame
 * keeps its exact bytes, so relaying frames relays the stream unchanged.
 */
public final class SseFrames {

    /** One event: its bytes as received, its {@code event:} name (or null) and its {@code data:} lines joined by LF. */
    public record Frame(byte[] raw, String event, String data) {
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int scanned;
    private int lineStart;

    /** The frames completed by {@code bytes}; what is left waits for the next piece. */
    public List<Frame> feed(byte[] bytes) {
        pending.write(bytes, 0, bytes.length);
        byte[] all = pending.toByteArray();
        List<Frame> frames = new ArrayList<>();
        int frameStart = 0;
        int i = scanned;
        while (i < all.length) {
            byte c = all[i];
            if (c != '\n' && c != '\r') {
                i++;
                continue;
            }
            int end;
            if (c == '\r') {
                if (i + 1 == all.length) {
                    break; // a CR at the end may be the first half of a CRLF
                }
                end = all[i + 1] == '\n' ? i + 2 : i + 1;
            } else {
                end = i + 1;
            }
            boolean blank = i == lineStart;
            lineStart = end;
            i = end;
            if (blank) {
                frames.add(parse(java.util.Arrays.copyOfRange(all, frameStart, end)));
                frameStart = end;
            }
        }
        pending.reset();
        pending.write(all, frameStart, all.length - frameStart);
        scanned = i - frameStart;
        lineStart -= frameStart;
        return frames;
    }

    /**
     * The stream ended: what is left (a last frame without its blank line, or one ended by a lone CR
     * that could not be told from half a CRLF) as a final frame, or nothing.
     */
    public java.util.Optional<Frame> finish() {
        byte[] rest = pending.toByteArray();
        pending.reset();
        scanned = 0;
        lineStart = 0;
        return rest.length == 0 ? java.util.Optional.empty() : java.util.Optional.of(parse(rest));
    }

    static Frame parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        String event = null;
        StringBuilder data = null;
        for (String line : text.split("\r\n|\n|\r")) {
            if (line.startsWith("data:")) {
                String value = line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else if (line.startsWith("event:")) {
                event = line.substring(line.length() > 6 && line.charAt(6) == ' ' ? 7 : 6);
            }
        }
        return new Frame(raw, event, data == null ? null : data.toString());
    }
}
