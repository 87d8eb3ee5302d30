package dev.tokenledger.common.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The clock every service rule that depends on "now" reads (budget windows and resets, projections,
 * report periods, forecasts, anomaly checks), instead of {@code Instant.now()}: a test replaces it
 * with a fixed or offset {@link Clock} to place the service at an awkward moment (a month's first
 * hour, a DST change, 29 February). Timestamps that only say when something was written (audit rows,
 * log lines, SQL {@code now()} defaults) keep the system clock.
 */
@Singleton
public class ServiceClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
