package dev.tokenledger.common.events;

import java.time.Instant;
import java.util.List;

/**
 * Topic {@code price.changes}: a new catalogue version. {@code tenantId} is {@code "*"} for the
 * global catalogue and a tenant id for a tenant's overrides. A large import carries the first
 * changes only ({@code changesTruncated}); the diff API has them all.
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
        int added,
        int changed,
        int removed,
        List<ChangedPrice> changes,
        boolean changesTruncated) implements LedgerEvent {

    public static final String TYPE = "price.changed";
    public static final int SCHEMA_VERSION = 1;
    public static final String GLOBAL = "*";

    /**
     * One price that was added, removed or changed, per model and bucket (or {@code <tier>:<bucket>},
     * {@code unit:<name>}); amounts are decimal strings per million tokens or per unit.
     */
    public record ChangedPrice(String change, String provider, String model, String bucket, String before, String after,
                               String effectiveFrom) {
    }
}
