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

    /** How often the budget-event outbox is checked for events a crashed replica left unpublished. */
    @WithDefault("5s")
    Duration outboxInterval();

    /**
     * What a decision answers when the database cannot be reached: {@code fail-closed} (deny,
     * protects the money) or {@code fail-open} (allow with a warning, protects availability).
     */
    @WithDefault("fail-closed")
    String onDatabaseError();

    /**
     * What a decision answers when its worst case needs a quote and the pricing-service cannot give
     * one (unreachable, timed out, failing) and no earlier rates of the model are at hand:
     * {@code fail-closed} (deny) or {@code fail-open} (allow with a warning). Rates quoted earlier
     * are reused past {@code quote-cache-ttl} while the pricing-service is unavailable.
     */
    @WithDefault("fail-closed")
    String onPricingError();

    /** Allowances: a replica leases a slice of a busy budget and decides in memory from it. */
    Allowances allowance();

    interface Allowances {

        /** Off: every decision goes through {@code budget.reserve} in PostgreSQL. */
        @WithDefault("true")
        boolean enabled();

        /** Exact decisions per second on one budget, in one replica, before that replica leases a slice of it. */
        @WithDefault("5")
        int activationRate();

        /** The share of the headroom below the budget's warn threshold that one lease takes. */
        @WithDefault("0.05")
        java.math.BigDecimal fraction();

        /** No lease smaller than this many of the request that asked for it: near the limit, decisions are exact. */
        @WithDefault("20")
        int minRequests();

        /** A lease's time to live in PostgreSQL; renewed while the replica uses it, released when it idles. */
        @WithDefault("30s")
        Duration ttl();

        /** A lease unused this long goes back to the budget. */
        @WithDefault("5s")
        Duration idleRelease();
    }
}
