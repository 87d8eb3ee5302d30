package dev.tokenledger.notifier.channel;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A tenant's alert destination. {@code secret} signs webhook bodies; it is shown once, when the channel is created. */
public record Channel(long id, String tenantId, String name, Type type, String url, String secret, List<String> recipients,
                      int failures, Instant circuitOpenUntil, Instant createdAt) {

    public enum Type {
        WEBHOOK, SLACK, EMAIL, ALERTMANAGER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
