package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.ingest.provider.ProviderUsage;
import dev.tokenledger.ingest.provider.ProviderUsageException;
import dev.tokenledger.ingest.provider.ProviderUsageMapper;
import dev.tokenledger.ingest.usage.UsageEventRequest;
import dev.tokenledger.ingest.usage.UsageEventService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Records a proxied call as one usage event: started in the call log before the upstream is asked,
 * then completed once with how it ended and its usage — the provider's own when it reported it, an
 * estimate (marked so in the call log and with the tag {@code usage_estimated}) when the stream
 * ended early. An event that could not reach usage.raw, or a call a stopped proxy left started, is
 * published by the sweep; the event id makes a second publish a duplicate.
 */
@ApplicationScoped
public class ProxyRecorder {

    private static final Logger LOG = Logger.getLogger(ProxyRecorder.class);
    static final String ESTIMATED_TAG = "usage_estimated";
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);

    @Inject
    ProxyCallLog log;

    @Inject
    UsageEventService usageEvents;

    @Inject
    ObjectMapper mapper;

    @Inject
    ProxyConfig config;

    @Inject
    ProxyMetrics metrics;

    @Inject
    ProxyCallWriter writer;

    private final ProviderUsageMapper providerUsage = new ProviderUsageMapper();

    /** The event a call is recorded as while it runs: its model and estimated input. */
    UsageEventRequest started(ProxyCall call) {
        return event(call, "started", call.requestedModel, Usage.tokens(call.estimatedInputTokens, 0), null, call.attribution.tags());
    }

    /**
     * Completes {@code call}: with the provider's usage ({@code reported}, complete) or, for an answer
     * cut short (the client went away, the stream broke off), the input it reported (else the
     * estimate) and the output counted from {@code relayedText}. A call the provider refused or never
     * answered used nothing.
     */
    public void complete(ProxyCall call, String model, JsonNode reported, boolean reportedComplete, String relayedText) {
        String m = model != null ? model : call.requestedModel;
        UsageEventRequest event;
        Long in;
        Long out;
        boolean estimated = false;
        Integer upstream = call.upstreamStatus;
        boolean answered = upstream != null && upstream >= 200 && upstream < 300;
        if (!call.metered() || (reported == null && !answered)) {
            // nothing to count: a call without tokens, denied, refused by the provider or never answered
            event = event(call, call.outcome.status, m, Usage.tokens(0, 0), null, call.attribution.tags());
            in = 0L;
            out = 0L;
        } else if (reported != null && reportedComplete && call.outcome != ProxyCall.Outcome.CANCELLED) {
            ProviderUsage mapped = map(call, reported);
            event = event(call, call.outcome.status, m, null, reported, call.attribution.tags());
            in = mapped == null ? null : inputOf(mapped.usage());
            out = mapped == null ? null : mapped.usage().outputTokens();
        } else {
            ProviderUsage partial = reported == null ? null : map(call, reported);
            Usage start = partial != null ? partial.usage() : Usage.tokens(call.estimatedInputTokens, 0);
            long output = TokenEstimator.count(m, relayedText);
            estimated = output > 0 || partial == null;
            Usage usage = new Usage(start.inputTokens(), start.cacheReadTokens(), start.cacheWriteTokens(), start.cacheWrite1hTokens(),
                    Math.max(output, start.outputTokens()), 0, Map.of());
            Map<String, String> tags = new java.util.TreeMap<>(call.attribution.tags());
            if (estimated) {
                tags.put(ESTIMATED_TAG, partial == null ? "input,output" : "output");
            }
            event = event(call, call.outcome.status, m, usage, null, tags);
            in = inputOf(usage);
            out = usage.outputTokens();
        }
        metrics.completed(call, m, in, out);
        writer.finished(new ProxyCallLog.Finished(call, event, json(event), in, out, estimated));
    }

    private ProviderUsage map(ProxyCall call, JsonNode reported) {
        try {
            return providerUsage.map(call.provider.id(), reported);
        } catch (ProviderUsageException e) {
            LOG.warnf("the usage %s reported for call %s is not one this service reads: %s", call.provider.id(), call.attemptId(), e.getMessage());
            return null;
        }
    }

    private static long inputOf(Usage u) {
        return u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens() + u.cacheWrite1hTokens();
    }

    private Uni<Void> publish(String tenant, String requestId, int attempt, UsageEventRequest event) {
        return usageEvents.ingest(tenant, List.of(event)).chain(() -> log.publishedAll(List.of(new ProxyCallLog.Key(tenant, requestId, attempt))));
    }

    private UsageEventRequest event(ProxyCall call, String status, String model, Usage usage, JsonNode reported, Map<String, String> tags) {
        var a = call.attribution;
        var attribution = new dev.tokenledger.common.events.Attribution(a.project(), a.environment(), a.user(), a.customer(), a.feature(),
                a.agent(), a.session(), a.apiKeyId(), tags);
        Long latency = call.finishedNanos == 0 ? null : call.latencyMs();
        return new UsageEventRequest(call.eventId, call.startedAt.atOffset(ZoneOffset.UTC), call.provider.id(), model == null ? "unknown" : model,
                call.operation, status, call.attemptId(), latency, null, usage, reported, null, attribution);
    }

    JsonObject json(UsageEventRequest event) {
        try {
            return new JsonObject(mapper.writeValueAsString(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private UsageEventRequest read(JsonObject json) {
        try {
            return mapper.readValue(json.encode(), UsageEventRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void startSweeping(@Observes StartupEvent start, Vertx vertx) {
        vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweep().subscribe().with(n -> {
        }, e -> LOG.warnf("the sweep of unrecorded proxy calls failed: %s", e.toString())));
    }

    /** Publishes what calls left unpublished; a call abandoned mid-way is completed as an error with its estimate. */
    public Uni<Integer> sweep() {
        return log.unpublished(SWEEP_EVERY, config.abandonedAfter(), 200).chain(calls -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ProxyCallLog.Unpublished c : calls) {
                UsageEventRequest stored = read(c.event());
                chain = chain.chain(() -> {
                    if (c.finished()) {
                        return publish(c.tenant(), c.requestId(), c.attempt(), stored);
                    }
                    UsageEventRequest abandoned = new UsageEventRequest(stored.eventId(), stored.occurredAt(), stored.provider(), stored.model(),
                            stored.operation(), "error", stored.requestId(), null, null, stored.usage(), null, null, stored.attribution());
                    return log.abandon(c, json(abandoned)).chain(() -> publish(c.tenant(), c.requestId(), c.attempt(), abandoned));
                }).onFailure().recoverWithItem(e -> {
                    LOG.warnf("call %s of tenant %s is still not recorded: %s", c.requestId(), c.tenant(), e.toString());
                    return null;
                });
            }
            return chain.replaceWith(calls.size());
        });
    }
}
