package dev.tokenledger.notifier.delivery;

import dev.tokenledger.notifier.render.Notification;

import java.time.Instant;

/** One alert to one channel: the outbox row the dispatcher works through (pending → delivered, or dead after N attempts). */
public record Delivery(long id, String tenantId, long channelId, String dedupeKey, String eventType, String severity, String group,
                       boolean firing, Notification notification, String status, int attempts, Instant nextAttemptAt,
                       boolean heldForQuiet, String lastError, Instant createdAt, Instant updatedAt, Instant deliveredAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";
}
