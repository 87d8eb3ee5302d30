package dev.tokenledger.common.events;

import dev.tokenledger.common.money.Money;

import java.time.Instant;

/** Topic {@code anomaly.detected}: spend for a scope departed from its usual pattern (or returned to it). */
public record AnomalyDetected(
        int schemaVersion,
        String type,
        String tenantId,
        String eventId,
        Instant occurredAt,
        String scope,
        String state,
        String severity,
        Money expected,
        Money observed,
        String detail) implements LedgerEvent {

    public static final String TYPE = "anomaly.detected";
    public static final int SCHEMA_VERSION = 1;
}
