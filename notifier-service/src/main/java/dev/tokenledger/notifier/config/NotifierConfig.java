package dev.tokenledger.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the notifier-service ({@code tokenledger.notifier.*}). */
@ConfigMapping(prefix = "tokenledger.notifier")
public interface NotifierConfig {

    Delivery delivery();

    Targets targets();

    /** How deliveries are retried and when a channel's circuit opens. */
    interface Delivery {
        /** How often the dispatcher looks for due deliveries. */
        @WithDefault("2s")
        Duration pollInterval();

        /** How long one dispatcher owns a channel; a dead owner's channel is taken over after this. */
        @WithDefault("60s")
        Duration lease();

        /** After this many failed attempts a delivery is dead-lettered (status {@code dead}). */
        @WithDefault("10")
        int maxAttempts();

        /** Backoff before the second attempt; doubled per attempt, with jitter, up to {@link #maxBackoff()}. */
        @WithDefault("10s")
        Duration initialBackoff();

        @WithDefault("15m")
        Duration maxBackoff();

        /** Consecutive failures of a channel that open its circuit. */
        @WithDefault("5")
        int breakerFailures();

        /** How long an open circuit stays open before one trial delivery (half-open). */
        @WithDefault("60s")
        Duration breakerOpen();

        /** Timeout of one HTTP delivery attempt. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** How often queue depth and oldest-pending age are measured. */
        @WithDefault("15s")
        Duration gaugeInterval();

        /** Firing Alertmanager alerts of an anomaly end by themselves after this unless resolved earlier. */
        @WithDefault("24h")
        Duration anomalyAlertTtl();

        /** Where the dispatcher runs; false leaves deliveries pending (e.g. an API-only replica). */
        @WithDefault("true")
        boolean enabled();
    }

    /** Which webhook, Slack and Alertmanager targets are allowed (SSRF protection). */
    interface Targets {
        /** Hosts that may be reached over plain http (everything else must be https). */
        Optional<List<String>> httpAllowedHosts();

        /** Allow loopback addresses (127.0.0.0/8, ::1). Off in production. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Allow private (10/8, 172.16/12, 192.168/16, fc00::/7) and link-local (169.254/16, fe80::/10) addresses. */
        @WithDefault("false")
        boolean allowPrivate();
    }
}
