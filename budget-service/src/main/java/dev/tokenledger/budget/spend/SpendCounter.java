package dev.tokenledger.budget.spend;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;

/**
 * Adds a priced event to its tenant's counters exactly once: the event id is claimed and the
 * counters are updated in one transaction, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class SpendCounter {

    @Inject
    Pool pool;

    /** What counting one event did. */
    public enum Outcome { ALREADY_COUNTED, COUNTED, FIRST_UNPRICED }

    public Uni<Outcome> count(UsagePriced event) {
        boolean priced = event.pricing().status() == Pricing.Status.PRICED;
        BigDecimal cost = priced ? event.pricing().cost().amount() : BigDecimal.ZERO;
        return pool.withTransaction(conn -> conn
                .preparedQuery("INSERT INTO budget.counted_event (tenant_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(event.tenantId(), event.eventId()))
                .flatMap(claimed -> {
                    if (claimed.rowCount() == 0) {
                        return Uni.createFrom().item(Outcome.ALREADY_COUNTED);
                    }
                    return conn.preparedQuery("""
                                    INSERT INTO budget.tenant_spend AS s (tenant_id, events, unpriced_events, total_tokens, cost)
                                    VALUES ($1, 1, $2, $3, $4)
                                    ON CONFLICT (tenant_id) DO UPDATE SET
                                      events = s.events + 1,
                                      unpriced_events = s.unpriced_events + EXCLUDED.unpriced_events,
                                      total_tokens = s.total_tokens + EXCLUDED.total_tokens,
                                      cost = s.cost + EXCLUDED.cost,
                                      updated_at = now()
                                    RETURNING unpriced_events""")
                            .execute(Tuple.of(event.tenantId(), priced ? 0L : 1L, event.usage().usage().totalTokens(), cost))
                            .map(rows -> !priced && rows.iterator().next().getLong(0) == 1L
                                    ? Outcome.FIRST_UNPRICED : Outcome.COUNTED);
                }));
    }
}
