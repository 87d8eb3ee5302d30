package dev.tokenledger.report.events;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.ZoneOffset;

/** Writes priced events idempotently: the same (tenant, event id) twice stores one row. */
@ApplicationScoped
public class PricedEventStore {

    @Inject
    Pool pool;

    /** @return true when the event was stored now, false when it was already there */
    public Uni<Boolean> store(UsagePriced event) {
        UsageRecorded u = event.usage();
        Usage t = u.usage();
        boolean priced = event.pricing().status() == Pricing.Status.PRICED;
        Tuple row = Tuple.tuple()
                .addString(event.tenantId()).addString(event.eventId())
                .addOffsetDateTime(u.occurredAt().atOffset(ZoneOffset.UTC))
                .addString(u.provider()).addString(u.model()).addString(u.operation()).addString(u.status())
                .addLong(t.inputTokens()).addLong(t.cacheReadTokens()).addLong(t.cacheWriteTokens())
                .addLong(t.cacheWrite1hTokens()).addLong(t.outputTokens()).addLong(t.reasoningTokens())
                .addString(event.pricing().status().name())
                .addBigDecimal(priced ? event.pricing().cost().amount() : null)
                .addString(priced ? event.pricing().cost().currency() : null)
                .addString(u.attribution().project()).addString(u.attribution().customer()).addString(u.attribution().feature());
        return pool.preparedQuery("""
                        INSERT INTO report.priced_event (tenant_id, event_id, occurred_at, provider, model, operation, status,
                          input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
                          pricing_status, cost, currency, project, customer, feature)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
                        ON CONFLICT (tenant_id, event_id) DO NOTHING""")
                .execute(row)
                .map(r -> r.rowCount() == 1);
    }
}
