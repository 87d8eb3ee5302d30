package dev.tokenledger.ingest.provider;

import dev.tokenledger.common.events.ReportedCost;
import dev.tokenledger.common.events.Usage;

/**
 * What a provider's own usage object says, in our terms: the canonical buckets, and where the
 * provider said so, the model, the service tier that served the call and the cost it charged.
 */
public record ProviderUsage(Usage usage, String model, String serviceTier, ReportedCost reportedCost) {
}
