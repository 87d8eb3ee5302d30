package dev.tokenledger.report.events;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/** One stored priced event (table report.priced_event). */
@Entity
@Table(name = "priced_event")
@IdClass(PricedEvent.Key.class)
public class PricedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String provider;
    public String model;
    public String operation;
    public String status;

    @Column(name = "input_tokens")
    public long inputTokens;
    @Column(name = "cache_read_tokens")
    public long cacheReadTokens;
    @Column(name = "cache_write_tokens")
    public long cacheWriteTokens;
    @Column(name = "cache_write_1h_tokens")
    public long cacheWrite1hTokens;
    @Column(name = "output_tokens")
    public long outputTokens;
    @Column(name = "reasoning_tokens")
    public long reasoningTokens;

    @Column(name = "pricing_status")
    public String pricingStatus;

    @Column(columnDefinition = "numeric")
    public BigDecimal cost;

    public String currency;
    public String project;
    public String customer;
    public String feature;

    public static class Key implements Serializable {
        public String tenantId;
        public String eventId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(tenantId, k.tenantId) && java.util.Objects.equals(eventId, k.eventId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(tenantId, eventId);
        }
    }
}
