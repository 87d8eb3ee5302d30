package dev.tokenledger.ingest.usage;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Usage;

import java.time.OffsetDateTime;

/** One usage event as a client sends it to {@code POST /v1/usage-events}. */
public record UsageEventRequest(
        String eventId,
        OffsetDateTime occurredAt,
        String provider,
        String model,
        String operation,
        String status,
        String requestId,
        Long latencyMs,
        String serviceTier,
        Usage usage,
        Attribution attribution) {
}
