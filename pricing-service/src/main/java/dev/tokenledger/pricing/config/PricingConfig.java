package dev.tokenledger.pricing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the pricing-service ({@code tokenledger.pricing.*}). */
@ConfigMapping(prefix = "tokenledger.pricing")
public interface PricingConfig {

    /** Load the bundled default catalogue (LiteLLM history, OpenRouter, Langfuse) when no public version exists yet. */
    @WithDefault("true")
    boolean loadBundledCatalogue();

    /** How often a replica checks for catalogue versions written by another replica. */
    @WithDefault("5s")
    Duration refreshInterval();

    /** Largest number of unpriced events one re-pricing run examines. */
    @WithDefault("1000000")
    int repricingLimit();
}
