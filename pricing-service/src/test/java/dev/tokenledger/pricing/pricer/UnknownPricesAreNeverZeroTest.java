package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain unit test of the pricing core, no Quarkus. */
class UnknownPricesAreNeverZeroTest {

    @Test
    void eventWithoutACatalogueEntryIsUnpricedWithAReasonNotZero() {
        Instant at = Instant.parse("2026-11-01T10:00:00Z");
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "acme", "e1", at, at, "openai", "gpt-9", "chat",
                "success", null, null, null, Usage.tokens(100, 20), null, Attribution.none());
        UsagePriced priced = new UsagePricer(Clock.fixed(at, ZoneOffset.UTC)).price(usage);
        assertEquals(Pricing.Status.UNPRICED, priced.pricing().status());
        assertNull(priced.pricing().cost(), "no cost at all, not $0");
        assertTrue(priced.pricing().unpricedReason().contains("openai/gpt-9"));
        assertEquals("acme", priced.tenantId());
        assertEquals("e1", priced.eventId());
    }
}
