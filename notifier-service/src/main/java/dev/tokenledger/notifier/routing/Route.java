package dev.tokenledger.notifier.routing;

import java.time.Instant;
import java.util.List;

/** Sends a tenant's events of some types and severities (empty list = all) to channels, optionally outside quiet hours. */
public record Route(long id, String tenantId, String name, List<String> eventTypes, List<String> severities, List<Long> channelIds,
                    QuietHours quietHours, Instant createdAt) {

    public boolean matches(String eventType, String severity) {
        // immutable lists throw on contains(null)
        return (eventTypes.isEmpty() || eventType != null && eventTypes.contains(eventType))
                && (severities.isEmpty() || severity != null && severities.contains(severity));
    }
}
