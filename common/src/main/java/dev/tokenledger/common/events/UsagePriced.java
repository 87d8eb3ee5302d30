package dev.tokenledger.common.events;

import java.time.Instant;

/** Topic {@code usage.priced}: a recorded usage event together with how it was priced. */
public record UsagePriced(
        int schemaVersion,
        String type,
        String tenantId,
        String eventId,
        Instant occurredAt,
        UsageRecorded usage,
        Pricing pricing) implements LedgerEvent {

    public static final String TYPE = "usage.priced";
    public static final int SCHEMA_VERSION = 1;

    public static UsagePriced of(UsageRecorded usage, Pricing pricing) {
        return new UsagePriced(SCHEMA_VERSION, TYPE, usage.tenantId(), usage.eventId(), usage.occurredAt(), usage, pricing);
    }
}
