package dev.tokenledger.ingest.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the ingest front door protects itself and its callers. */
@ConfigMapping(prefix = "tokenledger.ingest")
public interface IngestConfig {

    /** Longest a request waits for the broker's acknowledgement before answering 503. */
    @WithDefault("10s")
    Duration publishTimeout();

    /** Events sent but not yet acknowledged, across all requests; beyond it new batches get 503 (back-pressure, bounded memory). */
    @WithDefault("20000")
    int maxInFlightEvents();

    /** Retry-After on a 503. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** Distinct tenant tags on the ingest metrics; further tenants are counted as "other". */
    @WithDefault("200")
    int maxTenantsInMetrics();
}
