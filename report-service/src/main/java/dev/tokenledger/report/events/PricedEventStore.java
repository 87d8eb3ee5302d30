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
import java.util.ArrayList;
import java.util.List;

/** Writes priced events idempotently: the same (tenant, event id) twice stores one row. */
@ApplicationScoped
public class PricedEventStore {

    @Inject
    Pool pool;

    private static final String INSERT = """
            INSERT INTO report.priced_event (tenant_id, event_id, occurred_at, provider, model, operation, status,
              input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
              pricing_status, cost, currency, project, customer, feature, revision)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
            ON CONFLICT (tenant_id, event_id) DO UPDATE
              SET pricing_status = EXCLUDED.pricing_status, cost = EXCLUDED.cost, currency = EXCLUDED.currency, revision = EXCLUDED.revision
              WHERE priced_event.revision < EXCLUDED.revision""";

    /**
     * Stores a batch in one round trip and one transaction (rows are pipelined); events already
     * stored are left as they are, unless this is a newer pricing revision (a re-pricing run's
     * adjustment), which replaces the stored cost.
     */
    public Uni<Void> storeAll(List<UsagePriced> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(events.size());
        events.forEach(e -> rows.add(row(e)));
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).executeBatch(rows)).replaceWithVoid();
    }

    private static Tuple row(UsagePriced event) {
        UsageRecorded u = event.usage();
        Usage t = u.usage();
        boolean priced = event.pricing().status() == Pricing.Status.PRICED;
        return Tuple.tuple()
                .addString(event.tenantId()).addString(event.eventId())
                .addOffsetDateTime(u.occurredAt().atOffset(ZoneOffset.UTC))
                .addString(u.provider()).addString(u.model()).addString(u.operation()).addString(u.status())
                .addLong(t.inputTokens()).addLong(t.cacheReadTokens()).addLong(t.cacheWriteTokens())
                .addLong(t.cacheWrite1hTokens()).addLong(t.outputTokens()).addLong(t.reasoningTokens())
                .addString(event.pricing().status().name())
                .addBigDecimal(priced ? event.pricing().cost().amount() : null)
                .addString(priced ? event.pricing().cost().currency() : null)
                .addString(u.attribution().project()).addString(u.attribution().customer()).addString(u.attribution().feature())
                .addInteger(event.pricing().revision());
    }
}
