package dev.tokenledger.ingest.proxy;

import dev.tokenledger.common.metrics.BoundedTagValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * {@code tokenledger_proxy_requests_total{provider,model,status}},
 * {@code tokenledger_proxy_tokens_total{provider,model,kind}}, and per provider the upstream's time
 * ({@code tokenledger_proxy_upstream_seconds}), its first byte ({@code tokenledger_proxy_first_byte_seconds})
 * and what the proxy adds before the upstream is asked ({@code tokenledger_proxy_added_seconds}). Past
 * {@link #MAX_MODELS} model names (clients choose them), the rest count as "other".
 */
@ApplicationScoped
public class ProxyMetrics {

    static final int MAX_MODELS = 200;

    @Inject
    MeterRegistry registry;

    private final BoundedTagValues models = new BoundedTagValues(MAX_MODELS);

    void completed(ProxyCall call, String model, Long input, Long output) {
        String m = models.of(model);
        String p = call.provider.id();
        Counter.builder("tokenledger_proxy_requests").description("calls through the proxy, by how they ended")
                .tags("provider", p, "model", m, "status", call.outcome.status).register(registry).increment();
        if (input != null && input > 0) {
            Counter.builder("tokenledger_proxy_tokens").tags("provider", p, "model", m, "kind", "input").register(registry).increment(input);
        }
        if (output != null && output > 0) {
            Counter.builder("tokenledger_proxy_tokens").tags("provider", p, "model", m, "kind", "output").register(registry).increment(output);
        }
        if (call.upstreamSentNanos != null) {
            timer("tokenledger_proxy_upstream", "from the request to the provider until its answer ended", p)
                    .record(call.finishedNanos - call.upstreamSentNanos, TimeUnit.NANOSECONDS);
            if (call.firstByteNanos != null) {
                timer("tokenledger_proxy_first_byte", "from the request to the provider until its first byte", p)
                        .record(call.firstByteNanos - call.upstreamSentNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The time from the client's request until the proxy sent it on (budget check included). */
    void forwarded(ProxyCall call) {
        timer("tokenledger_proxy_added", "what the proxy adds before the provider is asked (budget check included)", call.provider.id())
                .record(call.upstreamSentNanos - call.startedNanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String name, String description, String provider) {
        return Timer.builder(name).description(description).tags("provider", provider).publishPercentiles(0.5, 0.99).register(registry);
    }
}
