package dev.tokenledger.common.events;

import java.time.Instant;

/** Topic {@code usage.raw}: one LLM or paid-API call as the ingest-service accepted it. */
public record UsageRecorded(
        int schemaVersion,
        String type,
        String tenantId,
        String eventId,
        Instant occurredAt,
        Instant receivedAt,
        String provider,
        String model,
        String operation,
        String status,
        String requestId,
        Long latencyMs,
        String serviceTier,
        Usage usage,
        ReportedCost reportedCost,
        Attribution attribution) implements LedgerEvent {

    public static final String TYPE = "usage.recorded";
    public static final int SCHEMA_VERSION = 1;

    public UsageRecorded {
        if (attribution == null) {
            attribution = Attribution.none();
        }
    }
}
