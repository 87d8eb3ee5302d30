package dev.tokenledger.common.events;

import java.time.Instant;

/**
 * The envelope every Kafka record value carries (DESIGN: Kafka conventions). The record key is
 * always {@link #tenantId()} so that one tenant's events stay in order on one partition.
 */
public interface LedgerEvent {

    int schemaVersion();

    String type();

    String tenantId();

    String eventId();

    Instant occurredAt();
}
