package dev.tokenledger.ingest.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tokenledger.proxy.*}: where each provider's calls go (any OpenAI-compatible server can
 * stand behind {@code openai}), per-tenant overrides, and the budget check before each call.
 */
@ConfigMapping(prefix = "tokenledger.proxy")
public interface ProxyConfig {

    /** Upstream base URL per provider ({@code openai}, {@code anthropic}, {@code gemini}, {@code openrouter}). */
    Map<String, String> upstream();

    /** Per-tenant settings, e.g. {@code tokenledger.proxy.tenant."acme".upstream.openai=http://vllm:8000}. */
    Map<String, TenantSettings> tenant();

    interface TenantSettings {
        Map<String, String> upstream();

        Optional<Boolean> budgetChecks();
    }

    /** Ask {@code POST /v1/decisions} before every call (a tenant may turn it off). */
    @WithDefault("true")
    boolean budgetChecks();

    /** Where the budget-service answers decisions. */
    @WithDefault("http://127.0.0.1:8083")
    String budgetUrl();

    /**
     * When the budget-service cannot answer in {@link #decisionTimeout()}: {@code fail-open} calls the
     * provider anyway, {@code fail-closed} answers 503 and does not.
     */
    @WithDefault("fail-open")
    String onBudgetServiceError();

    @WithDefault("2s")
    Duration decisionTimeout();

    @WithDefault("5s")
    Duration connectTimeout();

    /** The longest an upstream may stay silent (before its first byte or between two): then 504. */
    @WithDefault("600s")
    Duration upstreamIdleTimeout();

    /** Calls left {@code started} this long (the proxy stopped mid-call) are completed as errors. */
    @WithDefault("30m")
    Duration abandonedAfter();

    default String upstreamFor(String tenant, ProxyProvider provider) {
        TenantSettings t = tenant().get(tenant);
        String url = t != null ? t.upstream().get(provider.id()) : null;
        return url != null ? url : upstream().get(provider.id());
    }

    default boolean budgetChecksFor(String tenant) {
        TenantSettings t = tenant().get(tenant);
        return t != null && t.budgetChecks().isPresent() ? t.budgetChecks().get() : budgetChecks();
    }
}
