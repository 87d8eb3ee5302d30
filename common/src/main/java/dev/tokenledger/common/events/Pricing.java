package dev.tokenledger.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.money.PlainDecimalSerializer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * How an event was priced. An event without a price is {@link Status#UNPRICED}, with no cost at
 * all — never a cost of zero (principle 4).
 *
 * <p>{@code cost} is the exact total after any tenant discount; {@code lineItems} show how it was
 * made (quantity × unit price per million tokens or per unit); {@code reported} compares it with
 * a cost the provider reported. {@code revision} starts at 1; a re-pricing run publishes the same
 * event again with a higher revision and {@code previousCost}, and consumers replace the older
 * revision (principle 3: a correction is explicit, never a silent rewrite).
 */
public record Pricing(
        Status status,
        Money cost,
        List<Line> lineItems,
        String tier,
        AppliedDiscount discount,
        String catalogueVersion,
        String priceEntryId,
        String priceSource,
        ReportedComparison reported,
        List<String> notes,
        String unpricedReason,
        int revision,
        Money previousCost,
        String repricingRun,
        Instant pricedAt) {

    public enum Status { PRICED, UNPRICED }

    /** One line of the bill: {@code quantity × unit_price / per = amount} exactly; {@code per} is 1000000 for tokens, 1 for units. */
    public record Line(String item, long quantity,
                       @JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal unitPrice,
                       long per, Money amount, String note) {
    }

    /** A tenant's negotiated discount that was taken off the list total. */
    public record AppliedDiscount(String id, @JsonSerialize(using = PlainDecimalSerializer.class) BigDecimal percent,
                                  Money listCost, Money amount) {
    }

    /** The provider's own figure beside ours: {@code delta = reported − computed}. */
    public record ReportedComparison(Money reported, Money delta) {
    }

    public Pricing {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
        notes = notes == null ? List.of() : List.copyOf(notes);
        revision = revision == 0 ? 1 : revision;
        if (status == Status.PRICED && cost == null) {
            throw new IllegalArgumentException("a priced event needs a cost");
        }
        if (status == Status.UNPRICED && cost != null) {
            throw new IllegalArgumentException("an unpriced event has no cost");
        }
    }

    public static Pricing unpriced(String reason, Instant at) {
        return new Pricing(Status.UNPRICED, null, List.of(), null, null, null, null, null, null, List.of(), reason, 1, null, null, at);
    }

    /** A priced event with just a total (tests and simple producers). */
    public static Pricing priced(Money cost, String catalogueVersion, String priceEntryId, Instant at) {
        return new Pricing(Status.PRICED, cost, List.of(), null, null, catalogueVersion, priceEntryId, null, null, List.of(), null, 1, null, null, at);
    }

    @JsonIgnore
    public boolean isPriced() {
        return status == Status.PRICED;
    }
}
