package dev.tokenledger.budget.spend;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** A tenant's lifetime counters (table budget.tenant_spend). */
@Entity
@Table(name = "tenant_spend")
public class TenantSpend extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    public long events;

    @Column(name = "unpriced_events")
    public long unpricedEvents;

    @Column(name = "total_tokens")
    public long totalTokens;

    @Column(columnDefinition = "numeric")
    public BigDecimal cost;

    public String currency;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
