package dev.tokenledger.common.events;

import java.time.Instant;
import java.util.List;

/**
 * Topic {@code price.changes}: a new catalogue version. {@code tenantId} is {@code "*"} for the
 * global catalogue and a tenant id for a tenant's overrides.
 */
public record PriceChange(
        int schemaVersion,
        String type,
        String tenantId,
        String eventId,
        Instant occurredAt,
        String catalogueVersion,
        String author,
        String reason,
        List<ChangedPrice> changes) implements LedgerEvent {

    public static final String TYPE = "price.changed";
    public static final int SCHEMA_VERSION = 1;
    public static final String GLOBAL = "*";

    /** One price that was added, removed or changed: per model and bucket, amounts as decimal strings per million. */
    public record ChangedPrice(String change, String provider, String model, String bucket, String before, String after) {
    }
}
