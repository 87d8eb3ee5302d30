package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.ReportedCost;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.pricing.price.CostCalculation;
import dev.tokenledger.pricing.price.CostCalculator;
import dev.tokenledger.pricing.price.LineItem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices one recorded usage event with the entry in force at its {@code occurred_at} (not "now").
 * A model with no price comes out {@link Pricing.Status#UNPRICED} with the reason — never $0
 * (principle 4).
 */
public class UsagePricer {

    private final Clock clock;

    public UsagePricer(Clock clock) {
        this.clock = clock;
    }

    public UsagePriced price(UsageRecorded usage, PriceBook book) {
        return UsagePriced.of(usage, pricing(usage, book, 1, null, null));
    }

    /** The pricing of {@code usage}; a re-pricing run passes the revision it publishes and its run id. */
    public Pricing pricing(UsageRecorded usage, PriceBook book, int revision, Money previousCost, String repricingRun) {
        PriceBook.Lookup found = book.find(usage.tenantId(), usage.provider(), usage.model(), usage.occurredAt());
        if (found.entry() == null) {
            return unpriced(found.unpricedReason(), book, revision, repricingRun);
        }
        CostCalculation calc;
        try {
            calc = CostCalculator.calculate(found.entry(), usage.usage(), usage.serviceTier(), found.discount());
        } catch (CostCalculator.NotPriceable e) {
            return unpriced(e.getMessage(), book, revision, repricingRun);
        }
        String currency = found.entry().currency();
        List<Pricing.Line> lines = new ArrayList<>(calc.lineItems().size());
        for (LineItem l : calc.lineItems()) {
            lines.add(new Pricing.Line(l.item(), l.quantity(), l.unitPrice(), l.per(), Money.of(l.amount(), currency), l.note()));
        }
        Money total = Money.of(calc.total(), currency);
        Pricing.AppliedDiscount discount = calc.discount() == null ? null : new Pricing.AppliedDiscount(
                String.valueOf(calc.discount().id()), calc.discount().percent(), Money.of(calc.listTotal(), currency),
                Money.of(calc.discountAmount(), currency));
        return new Pricing(Pricing.Status.PRICED, total, lines, calc.tier(), discount, String.valueOf(book.version()),
                String.valueOf(found.entry().id()), found.entry().source() + ":" + found.entry().key(),
                reported(usage.reportedCost(), total), calc.notes(), null, revision, previousCost, repricingRun, clock.instant());
    }

    private Pricing unpriced(String reason, PriceBook book, int revision, String run) {
        return new Pricing(Pricing.Status.UNPRICED, null, List.of(), null, null, String.valueOf(book.version()), null, null, null, List.of(), reason,
                revision, null, run, clock.instant());
    }

    private static Pricing.ReportedComparison reported(ReportedCost reported, Money computed) {
        if (reported == null || reported.cost() == null || !reported.cost().currency().equals(computed.currency())) {
            return reported == null || reported.cost() == null ? null : new Pricing.ReportedComparison(reported.cost(), null);
        }
        return new Pricing.ReportedComparison(reported.cost(), reported.cost().minus(computed));
    }
}
