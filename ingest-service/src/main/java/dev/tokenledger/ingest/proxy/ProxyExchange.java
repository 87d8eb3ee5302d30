package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call relayed to the provider and back. The answer goes to the client as it arrives: a stream
 * frame by frame (each frame written before the next is read, the upstream paused while the client
 * is slow), any other body piece by piece; a copy of a plain body is kept (bounded) to read its
 * usage. The call ends exactly once: the answer ended, the upstream failed, or the client went away
 * (then the upstream request is reset and the call is recorded as cancelled).
 */
final class ProxyExchange {

    private static final Logger LOG = Logger.getLogger(ProxyExchange.class);
    /** The most of a plain answer kept to read its usage. */
    private static final int MAX_CAPTURE = 32 * 1024 * 1024;

    private final RoutingContext rc;
    private final ProxyCall call;
    private final ProxyRecorder recorder;
    private final ProxyMetrics metrics;
    private final ObjectMapper mapper;
    private final StreamUsage streamUsage;
    private final AtomicBoolean ended = new AtomicBoolean();
    private HttpClientRequest upstreamRequest;
    private SseFrames frames;
    private Buffer captured;
    private boolean capturing;
    private String answerModel;

    ProxyExchange(RoutingContext rc, ProxyCall call, boolean usageAddedByProxy, ProxyRecorder recorder, ProxyMetrics metrics, ObjectMapper mapper) {
        this.rc = rc;
        this.call = call;
        this.recorder = recorder;
        this.metrics = metrics;
        this.mapper = mapper;
        this.streamUsage = new StreamUsage(call.provider, usageAddedByProxy, mapper);
    }

    void forward(HttpClient client, String url, MultiMap clientHeaders, Buffer body, long idleTimeoutMs) {
        HttpServerResponse response = rc.response();
        response.closeHandler(v -> clientGone());
        RequestOptions options = new RequestOptions().setMethod(rc.request().method()).setAbsoluteURI(url).setIdleTimeout(idleTimeoutMs);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        HopByHop.copy(clientHeaders, headers, Set.of("accept-encoding"));
        // the answer is read for its usage: ask for it uncompressed
        headers.set(HttpHeaderNames.ACCEPT_ENCODING, "identity");
        options.setHeaders(headers);
        call.upstreamSentNanos = System.nanoTime();
        metrics.forwarded(call);
        client.request(options).compose(request -> {
            upstreamRequest = request;
            if (ended.get()) {
                request.reset();
            }
            return body == null || rc.request().method() == HttpMethod.GET ? request.send() : request.send(body);
        }).onSuccess(this::relay).onFailure(this::upstreamFailed);
    }

    private void relay(HttpClientResponse upstream) {
        HttpServerResponse response = rc.response();
        if (ended.get() || response.closed()) {
            return;
        }
        call.upstreamStatus = upstream.statusCode();
        String type = upstream.getHeader(HttpHeaderNames.CONTENT_TYPE);
        boolean sse = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
        response.setStatusCode(upstream.statusCode());
        if (upstream.statusMessage() != null) {
            response.setStatusMessage(upstream.statusMessage());
        }
        HopByHop.copy(upstream.headers(), response.headers(), Set.of());
        String length = upstream.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (sse || length == null) {
            response.setChunked(true);
        } else {
            response.putHeader(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        if (sse) {
            frames = new SseFrames();
        } else if (call.metered() && upstream.statusCode() < 300) {
            captured = Buffer.buffer();
            capturing = true;
        }
        upstream.handler(piece -> {
            if (call.firstByteNanos == null) {
                call.firstByteNanos = System.nanoTime();
            }
            if (ended.get()) {
                return;
            }
            if (frames != null) {
                for (SseFrames.Frame frame : frames.feed(piece.getBytes())) {
                    StreamUsage.Verdict verdict = streamUsage.observe(frame);
                    if (!verdict.drop()) {
                        response.write(Buffer.buffer(verdict.replacement() != null ? verdict.replacement() : frame.raw()));
                    }
                }
            } else {
                response.write(piece);
                if (capturing) {
                    if (captured.length() + piece.length() > MAX_CAPTURE) {
                        capturing = false;
                        captured = null;
                    } else {
                        captured.appendBuffer(piece);
                    }
                }
            }
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(v -> upstream.resume());
            }
        });
        upstream.exceptionHandler(e -> {
            // the answer broke off (reset, idle timeout): the client gets what came; the call is an error
            if (finish(ProxyCall.Outcome.ERROR)) {
                LOG.debugf("the answer to call %s broke off: %s", call.attemptId(), e.toString());
                response.reset();
                record();
            }
        });
        upstream.endHandler(v -> {
            if (frames != null) {
                frames.finish().ifPresent(last -> {
                    StreamUsage.Verdict verdict = streamUsage.observe(last);
                    if (!verdict.drop()) {
                        response.write(Buffer.buffer(verdict.replacement() != null ? verdict.replacement() : last.raw()));
                    }
                });
            }
            if (finish(ProxyCall.Outcome.ofUpstream(upstream.statusCode()))) {
                response.end();
                record();
            }
        });
    }

    private void upstreamFailed(Throwable e) {
        boolean timeout = e instanceof TimeoutException || e instanceof io.netty.handler.timeout.TimeoutException
                || String.valueOf(e.getMessage()).contains("timeout");
        int status = timeout ? 504 : 502;
        if (!finish(ProxyCall.Outcome.ERROR)) {
            return;
        }
        call.upstreamStatus = null;
        LOG.debugf("call %s: the provider could not be reached: %s", call.attemptId(), e.toString());
        HttpServerResponse response = rc.response();
        if (!response.ended() && !response.closed() && !response.headWritten()) {
            byte[] error = call.provider.error(status, timeout ? "upstream_timeout" : "upstream_unreachable", timeout
                    ? "the provider did not answer within the proxy's timeout"
                    : "the provider could not be reached from the tokenledger proxy");
            response.setStatusCode(status).putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json").end(Buffer.buffer(error));
        }
        record();
    }

    private void clientGone() {
        if (finish(ProxyCall.Outcome.CANCELLED)) {
            if (upstreamRequest != null) {
                upstreamRequest.reset();
            }
            record();
        }
    }

    /** True for the one caller that ends the call. */
    private boolean finish(ProxyCall.Outcome outcome) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        call.outcome = outcome;
        call.finishedNanos = System.nanoTime();
        return true;
    }

    private void record() {
        JsonNode reported;
        boolean complete;
        String model;
        if (frames != null) {
            reported = streamUsage.usageSource();
            complete = streamUsage.complete();
            model = streamUsage.model();
        } else {
            reported = plainUsage();
            complete = reported != null;
            model = answerModel;
        }
        recorder.complete(call, model, reported, complete, streamUsage.text());
    }

    /** The answer body when it carries usage ({@code usage} or Gemini's {@code usageMetadata}). */
    private JsonNode plainUsage() {
        if (captured == null || captured.length() == 0) {
            return null;
        }
        try {
            JsonNode body = mapper.readTree(captured.getBytes());
            if (body == null || !body.isObject() || !(body.path("usage").isObject() || body.path("usageMetadata").isObject())) {
                return null;
            }
            JsonNode model = body.hasNonNull("modelVersion") ? body.get("modelVersion") : body.get("model");
            answerModel = model != null && model.isTextual() ? model.asText() : null;
            return body;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
