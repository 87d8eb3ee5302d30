package dev.tokenledger.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over one keep-alive socket, for one load thread. The JDK HttpClient
 * used by 50 threads took more CPU than the service it measured on these 2 cores (166 % of a core at
 * ~300 requests/s), so latency figures measured the client; this one costs a write and a read per
 * request, as wrk does. Not a general client: no TLS, no redirects, no pipelining.
 */
final class KeepAliveHttp implements AutoCloseable {

    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    KeepAliveHttp(String baseUrl) {
        URI u = URI.create(baseUrl);
        this.host = u.getHost();
        this.port = u.getPort();
    }

    Answer get(String path) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n", null);
    }

    Answer post(String path, String bearer, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer " + bearer
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        return send(head, body);
    }

    private Answer send(String head, byte[] body) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                connect();
                byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
                if (body == null) {
                    out.write(h);
                } else {
                    byte[] all = new byte[h.length + body.length];
                    System.arraycopy(h, 0, all, 0, h.length);
                    System.arraycopy(body, 0, all, h.length, body.length);
                    out.write(all);
                }
                out.flush();
                return read();
            } catch (IOException e) {
                close();
                if (attempt > 0) {
                    throw e;
                }
                // the server closed an idle keep-alive connection: once more on a new one
            }
        }
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
    }

    private Answer read() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            String lower = l.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(l.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (length > 0) {
            body.write(in.readNBytes(length));
        }
        if (close) {
            close();
        }
        return new Answer(code, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}
