package dev.tokenledger.common.events;

import dev.tokenledger.common.money.Money;

import java.time.Instant;
import java.util.Map;

/**
 * How an event was priced. An event without a price is {@link Status#UNPRICED}, with no cost at
 * all — never a cost of zero (principle 4).
 */
public record Pricing(
        Status status,
        Money cost,
        Map<String, Money> costByBucket,
        String catalogueVersion,
        String priceEntryId,
        String unpricedReason,
        Instant pricedAt) {

    public enum Status { PRICED, UNPRICED }

    public Pricing {
        costByBucket = costByBucket == null ? Map.of() : Map.copyOf(costByBucket);
        if (status == Status.PRICED && cost == null) {
            throw new IllegalArgumentException("a priced event needs a cost");
        }
        if (status == Status.UNPRICED && cost != null) {
            throw new IllegalArgumentException("an unpriced event has no cost");
        }
    }

    public static Pricing unpriced(String reason, Instant at) {
        return new Pricing(Status.UNPRICED, null, Map.of(), null, null, reason, at);
    }
}
