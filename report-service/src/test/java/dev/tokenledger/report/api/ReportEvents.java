package dev.tokenledger.report.api;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.ReportedCost;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.TestInfra;

import java.time.Instant;
import java.util.Map;

/** Priced events as the pricing-service publishes them, sent to the test's usage.priced topic. */
public final class ReportEvents {

    private ReportEvents() {
    }

    public static UsagePriced priced(String tenant, String id, Instant at, String project, String feature, String session, String cost,
                              String reported) {
        return priced(tenant, id, at, new Attribution(project, "prod", "user-1", "cust-1", feature, "agent-1", session, null, Map.of()),
                cost, reported);
    }

    public static UsagePriced priced(String tenant, String id, Instant at, Attribution attribution, String cost, String reported) {
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, tenant, id, at, at, "openai", "gpt-4o", "chat", "success", null,
                null, null, new Usage(1000, 200, 0, 0, 50, 0, Map.of()),
                reported == null ? null : new ReportedCost(Money.usd(reported), "provider"), attribution);
        Pricing pricing = cost == null ? Pricing.unpriced("no price for openai/gpt-4o", at) : Pricing.priced(Money.usd(cost), "3", "42", at);
        return UsagePriced.of(usage, pricing);
    }

    public static void send(TestInfra infra, UsagePriced event) throws Exception {
        infra.kafka().send(infra.topic("usage.priced"), event.tenantId(), Json.write(event));
    }
}
