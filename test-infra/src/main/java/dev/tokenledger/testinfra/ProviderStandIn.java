package dev.tokenledger.testinfra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The only stand-in of the proxy tests: a local HTTP server in place of OpenAI, Anthropic, Gemini
 * and OpenRouter (which these machines cannot reach). It answers their paths with
 * {@link ProviderReplays} in their wire format, each stream frame written and flushed on its own,
 * and keeps what it received so a test can see what reached "the provider".
 */
public final class ProviderStandIn implements AutoCloseable {

    /** A request as the stand-in received it (header names lower-cased). */
    public record Received(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** An answer given once instead of the replay, e.g. an upstream error. */
    public record Canned(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // answers go out as written, as a provider's do: no Nagle delay between the headers and the body
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicReference<Canned> next = new AtomicReference<>();
    private final AtomicReference<Gate> gate = new AtomicReference<>();
    private final AtomicReference<Gate> silent = new AtomicReference<>();

    /** Holds the next stream after its first {@code frames} frames until {@link #open()}. */
    public static final class Gate {
        private final int frames;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        Gate(int frames) {
            this.frames = frames;
        }

        /** Waits until the stream has sent its first frames and stands at the gate. */
        public boolean awaitReached(long seconds) throws InterruptedException {
            return reached.await(seconds, TimeUnit.SECONDS);
        }

        public void open() {
            opened.countDown();
        }

        /** Stands at the gate until it is opened (at most a minute); false if it never was. */
        boolean passThrough() {
            reached.countDown();
            try {
                return opened.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private ProviderStandIn(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    public static ProviderStandIn start() {
        return start(0, 16);
    }

    public static ProviderStandIn start(int port, int threadCount) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
            ExecutorService threads = Executors.newFixedThreadPool(threadCount);
            server.setExecutor(threads);
            ProviderStandIn standIn = new ProviderStandIn(server, threads);
            server.createContext("/", standIn::handle);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the stand-in on its own: {@code java ... ProviderStandIn [port]} (default 18099), until killed. */
    public static void main(String[] args) throws InterruptedException {
        ProviderStandIn standIn = start(args.length > 0 ? Integer.parseInt(args[0]) : 18099, 32);
        System.out.println("provider stand-in at " + standIn.url());
        Thread.currentThread().join();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void forget() {
        received.clear();
    }

    /** The next request is answered with this instead of the replay. */
    public void answerNext(int status, String contentType, String body, Map<String, String> headers) {
        next.set(new Canned(status, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers));
    }

    /** The next stream stops after {@code frames} frames until the returned gate is opened. */
    public Gate holdNextStreamAfter(int frames) {
        Gate g = new Gate(frames);
        gate.set(g);
        return g;
    }

    /** The next request gets no answer at all (not even its status line) until the returned gate is opened: a provider gone silent. */
    public Gate holdNextAnswer() {
        Gate g = new Gate(0);
        silent.set(g);
        return g;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            received.add(new Received(exchange.getRequestMethod(), query == null ? path : path + "?" + query, headers, body));
            Gate quiet = silent.getAndSet(null);
            if (quiet != null && !quiet.passThrough()) {
                return;
            }
            Canned canned = next.getAndSet(null);
            if (canned != null) {
                canned.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                send(exchange, canned.status(), canned.contentType(), canned.body());
                return;
            }
            JsonNode request = body.length > 0 && body[0] == '{' ? JSON.readTree(body) : JSON.createObjectNode();
            boolean stream = request.path("stream").asBoolean(false);
            if (path.endsWith("/chat/completions") && path.startsWith("/api/")) {
                exchange.getResponseHeaders().add("x-generation-id", "gen-EXAMPLE0006");
                if (stream) {
                    stream(exchange, ProviderReplays.openRouterStream());
                } else {
                    send(exchange, 200, "application/json", ProviderReplays.openRouterChat());
                }
            } else if (path.endsWith("/v1/chat/completions")) {
                openAiHeaders(exchange);
                if (stream) {
                    stream(exchange, ProviderReplays.openAiChatStream(request.path("stream_options").path("include_usage").asBoolean(false)));
                } else {
                    send(exchange, 200, "application/json", ProviderReplays.openAiChat());
                }
            } else if (path.endsWith("/v1/responses")) {
                openAiHeaders(exchange);
                if (stream) {
                    stream(exchange, ProviderReplays.openAiResponsesStream());
                } else {
                    send(exchange, 200, "application/json", ProviderReplays.openAiResponses());
                }
            } else if (path.endsWith("/v1/embeddings")) {
                openAiHeaders(exchange);
                send(exchange, 200, "application/json", ProviderReplays.openAiEmbeddings());
            } else if (path.endsWith("/v1/completions")) {
                openAiHeaders(exchange);
                send(exchange, 200, "application/json", ProviderReplays.openAiCompletion());
            } else if (path.endsWith("/v1/models")) {
                openAiHeaders(exchange);
                send(exchange, 200, "application/json", ProviderReplays.openAiModels());
            } else if (path.endsWith("/v1/messages/count_tokens")) {
                exchange.getResponseHeaders().add("request-id", "req_EXAMPLE0010");
                send(exchange, 200, "application/json", ProviderReplays.anthropicCountTokens());
            } else if (path.endsWith("/v1/messages")) {
                exchange.getResponseHeaders().add("request-id", "req_EXAMPLE0005");
                exchange.getResponseHeaders().add("anthropic-organization-id", "00000000-0000-0000-0000-000000000000");
                if (stream) {
                    stream(exchange, ProviderReplays.anthropicStream());
                } else {
                    send(exchange, 200, "application/json", ProviderReplays.anthropicMessage());
                }
            } else if (path.endsWith(":streamGenerateContent")) {
                stream(exchange, ProviderReplays.geminiStream());
            } else if (path.endsWith(":generateContent")) {
                send(exchange, 200, "application/json; charset=UTF-8", ProviderReplays.geminiGenerate());
            } else {
                send(exchange, 404, "application/json", "{\"error\":{\"message\":\"Unknown request URL\",\"type\":\"invalid_request_error\",\"code\":\"unknown_url\"}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client (the proxy) went away mid-answer: nothing more to write
        }
    }

    private static void openAiHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().add("x-request-id", "req_EXAMPLE0001");
        exchange.getResponseHeaders().add("openai-processing-ms", "412");
        exchange.getResponseHeaders().add("openai-version", "2020-10-01");
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Each frame written and flushed as its own HTTP chunk, as a provider streams. */
    private void stream(HttpExchange exchange, List<byte[]> frames) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        Gate g = gate.getAndSet(null);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < frames.size(); i++) {
            if (g != null && i == g.frames) {
                g.reached.countDown();
                try {
                    if (!g.opened.await(60, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out.write(frames.get(i));
            out.flush();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
