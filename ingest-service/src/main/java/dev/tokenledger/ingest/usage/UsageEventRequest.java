package dev.tokenledger.ingest.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Usage;

import java.time.OffsetDateTime;

/**
 * One usage event as a client sends it to {@code POST /v1/usage-events}. Unknown fields are refused
 * (a {@code tenant_id} in the body is an error, never a way to write for another tenant). Usage comes
 * either in the canonical buckets ({@code usage}) or exactly as the provider returned it
 * ({@code provider_usage}).
 */
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
        JsonNode providerUsage,
        ReportedCostRequest reportedCost,
        Attribution attribution) {

    /** A cost the provider charged: {@code {"amount": "0.014625", "currency": "USD", "source": "openrouter"}}. */
    public record ReportedCostRequest(String amount, String currency, String source) {
    }

    public UsageEventRequest withAttribution(Attribution a) {
        return new UsageEventRequest(eventId, occurredAt, provider, model, operation, status, requestId, latencyMs, serviceTier,
                usage, providerUsage, reportedCost, a);
    }

    public UsageEventRequest withIdAndTime(String id, OffsetDateTime at) {
        return new UsageEventRequest(id, at, provider, model, operation, status, requestId, latencyMs, serviceTier,
                usage, providerUsage, reportedCost, attribution);
    }
}
