package dev.tokenledger.ingest.otlp;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.ingest.usage.UsageEventRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spans with the OpenTelemetry GenAI conventions (and the older and vendor spellings the common
 * instrumentations still write) as usage events. A span carries usage when it has an input or
 * output token count; others are counted and dropped. Its event id is made of its trace and span
 * ids, so a re-sent export adds nothing. Input token counts include cached and cache-written tokens
 * as the conventions say; when they are smaller than those, the instrumentation reported them apart.
 * Plain Java: unit tests drive it without Quarkus.
 */
public final class GenAiSpans {

    static final String[] INPUT = {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.usage.prompt_tokens", "llm.token_count.prompt"};
    static final String[] OUTPUT = {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.usage.completion_tokens",
            "llm.token_count.completion"};
    static final String[] CACHE_READ = {"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens",
            "gen_ai.usage.input_tokens.cached", "llm.usage.cache_read_input_tokens", "llm.token_count.prompt_details.cache_read"};
    static final String[] CACHE_WRITE = {"gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.cache_creation_input_tokens",
            "gen_ai.usage.input_tokens.cache_write", "llm.usage.cache_creation_input_tokens", "llm.token_count.prompt_details.cache_write"};
    static final String[] REASONING = {"gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens",
            "gen_ai.usage.output_tokens.reasoning", "llm.usage.reasoning_tokens", "llm.token_count.completion_details.reasoning"};
    static final String[] PROVIDER = {"gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system"};
    static final String[] MODEL = {"gen_ai.response.model", "gen_ai.request.model", "llm.response.model", "llm.request.model", "llm.model_name"};
    static final String[] OPERATION = {"gen_ai.operation.name", "llm.request.type"};
    static final String[] TIER = {"gen_ai.openai.response.service_tier", "openai.response.service_tier", "gen_ai.openai.request.service_tier",
            "openai.request.service_tier"};
    static final String[] ENVIRONMENT = {"deployment.environment.name", "deployment.environment"};
    static final String[] USER = {"user.id", "enduser.id"};
    static final String[] SESSION = {"session.id", "gen_ai.conversation.id"};
    static final String[] AGENT = {"gen_ai.agent.name"};

    /** The conventions' provider names where the price lists name the provider otherwise. */
    private static final Map<String, String> PROVIDERS = Map.ofEntries(
            Map.entry("gcp.gemini", "gemini"), Map.entry("gcp.gen_ai", "gemini"), Map.entry("gcp.vertex_ai", "vertex_ai"),
            Map.entry("aws.bedrock", "bedrock"), Map.entry("az.ai.openai", "azure"), Map.entry("azure.ai.openai", "azure"),
            Map.entry("azure.ai.inference", "azure"), Map.entry("az.ai.inference", "azure"), Map.entry("mistral_ai", "mistral"),
            Map.entry("x_ai", "xai"), Map.entry("ibm.watsonx.ai", "watsonx"));

    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("chat", "chat"), Map.entry("generate_content", "chat"), Map.entry("invoke_agent", "chat"),
            Map.entry("create_agent", "chat"), Map.entry("text_completion", "completion"), Map.entry("completion", "completion"),
            Map.entry("embeddings", "embedding"), Map.entry("embedding", "embedding"), Map.entry("execute_tool", "tool"),
            Map.entry("responses", "responses"), Map.entry("rerank", "rerank"));

    /** A span that became a usage event; {@code where} locates it in the request. */
    public record Candidate(String where, UsageEventRequest request) {
    }

    /** A span with usage that cannot be recorded, and why. */
    public record Rejection(String where, String reason) {
    }

    public record Result(List<Candidate> candidates, List<Rejection> rejected, long withoutUsage) {
    }

    private final String projectAttribute;
    private final Map<String, String> mapped;

    public GenAiSpans(String projectAttribute, Map<String, String> mapped) {
        this.projectAttribute = projectAttribute;
        this.mapped = Map.copyOf(mapped);
    }

    public Result read(ExportTraceServiceRequest request) {
        List<Candidate> candidates = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        long withoutUsage = 0;
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans rs = request.getResourceSpans(r);
            Map<String, AnyValue> resource = SpanAttributes.index(rs.getResource().getAttributesList());
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    Span span = ss.getSpans(i);
                    SpanAttributes a = SpanAttributes.of(resource, span.getAttributesList());
                    SpanAttributes.Count input = a.count(INPUT);
                    SpanAttributes.Count output = a.count(OUTPUT);
                    if (input == null && output == null) {
                        withoutUsage++;
                        continue;
                    }
                    String where = "resource_spans[" + r + "].scope_spans[" + s + "].spans[" + i + "]";
                    String problem = problem(span, a, input, output);
                    if (problem != null) {
                        rejected.add(new Rejection(where, problem));
                    } else {
                        candidates.add(new Candidate(where, event(span, a, input, output)));
                    }
                }
            }
        }
        return new Result(candidates, rejected, withoutUsage);
    }

    private static String problem(Span span, SpanAttributes a, SpanAttributes.Count input, SpanAttributes.Count output) {
        if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8) {
            return "trace_id must be 16 bytes and span_id 8";
        }
        if (span.getStartTimeUnixNano() == 0) {
            return "start_time_unix_nano is required";
        }
        if (a.text(MODEL) == null) {
            return "has token counts but no model (gen_ai.request.model or gen_ai.response.model)";
        }
        if (a.text(PROVIDER) == null) {
            return "has token counts but no provider (gen_ai.provider.name or gen_ai.system)";
        }
        for (SpanAttributes.Count c : new SpanAttributes.Count[] {input, output, a.count(CACHE_READ), a.count(CACHE_WRITE), a.count(REASONING)}) {
            if (c != null && c.problem() != null) {
                return c.key() + " " + c.problem();
            }
            if (c != null && c.value() < 0) {
                return c.key() + " must not be negative";
            }
        }
        return null;
    }

    private UsageEventRequest event(Span span, SpanAttributes a, SpanAttributes.Count input, SpanAttributes.Count output) {
        long cacheRead = value(a.count(CACHE_READ));
        long cacheWrite = value(a.count(CACHE_WRITE));
        long in = value(input);
        // the conventions count cached and cache-written tokens inside the input; some instrumentations report them apart
        long uncached = in >= cacheRead + cacheWrite ? in - cacheRead - cacheWrite : in;
        Usage usage = new Usage(uncached, cacheRead, cacheWrite, 0, value(output), value(a.count(REASONING)), Map.of());
        HexFormat hex = HexFormat.of();
        String trace = hex.formatHex(span.getTraceId().toByteArray());
        String spanId = hex.formatHex(span.getSpanId().toByteArray());
        long start = span.getStartTimeUnixNano();
        Long latency = span.getEndTimeUnixNano() >= start ? (span.getEndTimeUnixNano() - start) / 1_000_000 : null;
        boolean failed = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        OffsetDateTime at = Instant.ofEpochSecond(0, start).atOffset(ZoneOffset.UTC);
        return new UsageEventRequest("otel-" + trace + "-" + spanId, at, provider(a.text(PROVIDER)), a.text(MODEL), operation(a.text(OPERATION)),
                failed ? "error" : "success", trace + "-" + spanId, latency, tier(a.text(TIER)), usage, null, null, attribution(a));
    }

    private Attribution attribution(SpanAttributes a) {
        Map<String, String> d = new HashMap<>();
        put(d, "project", a.text(projectAttribute));
        put(d, "environment", a.text(ENVIRONMENT));
        put(d, "user", a.text(USER));
        put(d, "session", a.text(SESSION));
        put(d, "agent", a.text(AGENT));
        Map<String, String> tags = new HashMap<>();
        mapped.forEach((key, target) -> {
            String v = a.text(key);
            if (v != null) {
                if (target.startsWith("tag:")) {
                    tags.put(target.substring(4), v);
                } else {
                    d.put(target, v);
                }
            }
        });
        return new Attribution(d.get("project"), d.get("environment"), d.get("user"), d.get("customer"), d.get("feature"), d.get("agent"),
                d.get("session"), null, tags);
    }

    /** The targets {@code tokenledger.otlp.attributes} may name besides {@code tag:<name>}. */
    public static final java.util.Set<String> DIMENSIONS = java.util.Set.of("project", "environment", "user", "customer", "feature", "agent", "session");

    private static void put(Map<String, String> d, String dimension, String value) {
        if (value != null) {
            d.put(dimension, value);
        }
    }

    private static long value(SpanAttributes.Count c) {
        return c == null ? 0 : c.value();
    }

    static String provider(String name) {
        String p = name.trim().toLowerCase(Locale.ROOT);
        return PROVIDERS.getOrDefault(p, p);
    }

    static String operation(String name) {
        return name == null ? "chat" : OPERATIONS.getOrDefault(name.trim().toLowerCase(Locale.ROOT), "chat");
    }

    static String tier(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "flex", "priority", "batch" -> name.trim().toLowerCase(Locale.ROOT);
            default -> "standard";
        };
    }
}
