package dev.tokenledger.common.events;

import dev.tokenledger.common.money.Money;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event contracts are read and written with Jackson outside Quarkus REST (Kafka records, JSONB
 * columns), where Quarkus does not find them by itself: a native image keeps their constructors and
 * accessors only because they are named here.
 */
@RegisterForReflection(targets = {
        UsageRecorded.class, UsagePriced.class, Usage.class, Attribution.class, ReportedCost.class,
        Pricing.class, Pricing.Line.class, Pricing.AppliedDiscount.class, Pricing.ReportedComparison.class, Pricing.Status.class,
        BudgetEvent.class, BudgetEvent.Contributor.class, PriceChange.class, PriceChange.ChangedPrice.class, AnomalyDetected.class,
        Money.class})
final class NativeImageRegistrations {

    private NativeImageRegistrations() {
    }
}
