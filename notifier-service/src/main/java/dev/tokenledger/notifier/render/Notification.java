package dev.tokenledger.notifier.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * One alert as every channel renders it, stored with each delivery (so a delivery sends what the
 * event said when it arrived, also after a restart).
 *
 * @param group   alerts that one resolving event ends, e.g. {@code budget:42} or {@code anomaly:project=checkout}
 * @param firing  false for the event that resolves its group (a period reset, an anomaly that ended)
 * @param labels  the Alertmanager labels that identify the alert (the same set resolves it)
 * @param endsAt  when a firing alert ends by itself (period end), or null
 * @param event   the original Kafka record, passed on to webhooks unchanged
 */
public record Notification(String tenantId, String eventId, String eventType, String severity, String group, boolean firing,
                           Instant occurredAt, String text, Map<String, String> details, Map<String, String> labels, Instant endsAt,
                           JsonNode event) {
}
