package dev.tokenledger.notifier.inbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One alert the notifier received (table notifier.alert). */
@Entity
@Table(name = "alert")
@IdClass(Alert.Key.class)
public class Alert extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "dedupe_key")
    public String dedupeKey;

    @Column(name = "source_topic")
    public String sourceTopic;

    public String kind;
    public String severity;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    public static class Key implements Serializable {
        public String tenantId;
        public String dedupeKey;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(dedupeKey, k.dedupeKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, dedupeKey);
        }
    }
}
