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

    /**
     * What the event cost for spend: the provider-reported cost when the provider sent one (it is what
     * the bill says), else our price; null when there is neither. Reports show it and budgets count
     * it, so the two always agree.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public dev.tokenledger.common.money.Money billedCost() {
        ReportedCost reported = usage.reportedCost();
        if (reported != null && reported.cost() != null) {
            return reported.cost();
        }
        return pricing.isPriced() ? pricing.cost() : null;
    }

    /** A re-pricing cannot change what the provider billed. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean billedByProvider() {
        return usage.reportedCost() != null && usage.reportedCost().cost() != null;
    }

    public static UsagePriced of(UsageRecorded usage, Pricing pricing) {
        return new UsagePriced(SCHEMA_VERSION, TYPE, usage.tenantId(), usage.eventId(), usage.occurredAt(), usage, pricing);
    }
}
