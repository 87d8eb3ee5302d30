package dev.tokenledger.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained spans/s of the OTLP trace intake ({@code POST /v1/traces}, protobuf, batches of 512 as
 * the SDKs' batch span processor sends them) on a running stack: every span is a GenAI call with a
 * fresh trace id, so every one is recorded as a usage event and published. Prints one line of figures.
 *
 * <pre>./tokenledger bench otlp [--batch 512] [--seconds 30] [--concurrency 4]</pre>
 */
public final class OtlpBenchmark {

    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "claude-haiku-4-5"};

    public static void main(String[] args) throws Exception {
        Map<String, String> o = IngestBenchmark.options(args);
        String ingest = o.getOrDefault("url", "http://127.0.0.1:8081");
        String keycloak = o.getOrDefault("keycloak", "http://127.0.0.1:18180");
        int batch = Integer.parseInt(o.getOrDefault("batch", "512"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "4"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = IngestBenchmark.token(http, keycloak, o.getOrDefault("tenant", "acme"));
        System.out.printf("otlp benchmark: %d spans a request (protobuf, %d bytes) concurrency=%d warmup=%ds measure=%ds url=%s%n", batch,
                export(batch, 0).getSerializedSize(), concurrency, warmup, seconds, ingest);
        phase(http, ingest, token, batch, concurrency, warmup, false);
        phase(http, ingest, token, batch, concurrency, seconds, true);
    }

    private static void phase(HttpClient http, String ingest, String token, int batch, int concurrency, int seconds, boolean report)
            throws Exception {
        AtomicLong shown = new AtomicLong();
        SustainedSenders.Result r = SustainedSenders.run(concurrency, seconds, (sender, n) -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ingest + "/v1/traces"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-protobuf")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(export(batch, n * batch).toByteArray())).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200 && ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess().getRejectedSpans() == 0) {
                return batch;
            }
            if (shown.incrementAndGet() <= 3) {
                System.err.println("status " + response.statusCode() + ": " + new String(response.body()));
            }
            return -1;
        });
        if (report) {
            System.out.printf("batch=%d spans/s=%.0f requests=%d failed=%d %s elapsed=%.1fs%n", batch, r.perSecond(), r.latencies().length,
                    r.refused(), r.latencyFigures(), r.seconds());
        }
    }

    /** {@code batch} GenAI client spans as an instrumented service exports them: one resource, one scope, each span its own trace. */
    static ExportTraceServiceRequest export(int batch, long first) {
        long now = System.currentTimeMillis() * 1_000_000L;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("opentelemetry.instrumentation.openai"));
        for (int i = 0; i < batch; i++) {
            long n = first + i;
            UUID trace = UUID.randomUUID();
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(trace.getMostSignificantBits()).putLong(trace.getLeastSignificantBits()).array()))
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n + 1).array()))
                    .setName("chat " + MODELS[(int) (n % MODELS.length)]).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(now - 900_000_000L).setEndTimeUnixNano(now)
                    .addAttributes(attr("gen_ai.provider.name", n % 2 == 0 ? "openai" : "anthropic"))
                    .addAttributes(attr("gen_ai.operation.name", "chat"))
                    .addAttributes(attr("gen_ai.request.model", MODELS[(int) (n % MODELS.length)]))
                    .addAttributes(attr("gen_ai.response.id", "chatcmpl-" + n))
                    .addAttributes(attr("gen_ai.usage.input_tokens", 500 + n % 4000 + (n % 3 == 0 ? 1024 : 0)))
                    .addAttributes(attr("gen_ai.usage.cache_read.input_tokens", n % 3 == 0 ? 1024 : 0))
                    .addAttributes(attr("gen_ai.usage.output_tokens", 50 + n % 700))
                    .addAttributes(attr("server.address", "api.openai.com"))
                    .addAttributes(attr("user.id", "user-" + n % 500))
                    .addAttributes(attr("session.id", "s-" + n / 20)));
        }
        Resource resource = Resource.newBuilder().addAttributes(attr("service.name", "checkout"))
                .addAttributes(attr("deployment.environment.name", "prod")).addAttributes(attr("telemetry.sdk.language", "java")).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
    }

    private static KeyValue attr(String key, Object value) {
        AnyValue v = value instanceof Long l ? AnyValue.newBuilder().setIntValue(l).build() : AnyValue.newBuilder().setStringValue(value.toString()).build();
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }
}
