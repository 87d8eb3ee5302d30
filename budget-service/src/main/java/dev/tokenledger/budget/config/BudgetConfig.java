package dev.tokenledger.budget.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the budget-service ({@code tokenledger.budget.*}). */
@ConfigMapping(prefix = "tokenledger.budget")
public interface BudgetConfig {

    /** Where the pricing-service answers {@code POST /v1/quotes} (worst-case cost of a decision). */
    @WithDefault("http://127.0.0.1:8082")
    String pricingUrl();

    /** How long a decision's reservation is held when no priced event settles it. */
    @WithDefault("10m")
    Duration holdTtl();

    /** How long a model's quoted rates are reused for worst-case estimates. */
    @WithDefault("60s")
    Duration quoteCacheTtl();

    /** How often the utilisation gauges are refreshed. */
    @WithDefault("30s")
    Duration gaugeInterval();

    /** At most this many budgets get a utilisation gauge (bounded metric cardinality). */
    @WithDefault("500")
    int maxGauges();

    /** How often budgets are checked for a new period (to raise {@code period_reset}). */
    @WithDefault("60s")
    Duration periodCheckInterval();

    /**
     * What a decision answers when the database cannot be reached: {@code fail-closed} (deny,
     * protects the money) or {@code fail-open} (allow with a warning, protects availability).
     */
    @WithDefault("fail-closed")
    String onDatabaseError();
}
