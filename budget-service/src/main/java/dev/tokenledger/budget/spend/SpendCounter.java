package dev.tokenledger.budget.spend;

import dev.tokenledger.budget.counter.BudgetCounters;
import dev.tokenledger.budget.outbox.BudgetEventOutbox;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds priced events to their tenants' counters exactly once: in one transaction the event ids are
 * claimed (a claimed id is never counted again, so redelivery changes nothing) and only the newly
 * claimed events are added to the counters.
 */
@ApplicationScoped
public class SpendCounter {

    @Inject
    Pool pool;

    @Inject
    BudgetCounters budgets;

    @Inject
    BudgetEventOutbox outbox;

    /** What counting a batch raised: tenants' first unpriced events and budget threshold events. */
    public record Counted(List<UsagePriced> firstUnpriced, List<BudgetEvent> budgetEvents) {
    }

    /** Per-tenant sums of the events claimed in one batch; {@code firstUnpriced} is the batch's first unpriced event. */
    private static final class TenantDelta {
        long events;
        long unpriced;
        long tokens;
        BigDecimal cost = BigDecimal.ZERO;
        UsagePriced firstUnpriced;
    }

    /**
     * Counts a batch. @return the events that were the first unpriced usage of their tenant ever,
     * for an {@code unpriced_usage} alert
     */
    public Uni<Counted> countAll(List<UsagePriced> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new Counted(List.of(), List.of()));
        }
        int n = events.size();
        String[] tenants = new String[n];
        String[] eventIds = new String[n];
        Integer[] revisions = new Integer[n];
        for (int i = 0; i < n; i++) {
            UsagePriced e = events.get(i);
            tenants[i] = e.tenantId();
            eventIds[i] = e.eventId();
            revisions[i] = e.pricing().revision();
        }
        // one statement for the batch (a statement per event cost PostgreSQL about as much as the report store)
        return pool.withTransaction(conn -> conn
                .preparedQuery("INSERT INTO budget.counted_event (tenant_id, event_id, revision)"
                        + " SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT DO NOTHING RETURNING tenant_id, event_id, revision")
                .execute(Tuple.of(tenants, eventIds, revisions))
                .flatMap(rows -> {
                    List<UsagePriced> fresh = fresh(events, claimed(rows));
                    return add(conn, deltas(fresh))
                            .chain(firsts -> budgets.count(conn, fresh).chain(raised -> {
                                // raised in this transaction, so stored in it: committed counters never lose their alert
                                List<BudgetEvent> all = new ArrayList<>(firsts.size() + raised.size());
                                firsts.forEach(first -> all.add(unpricedUsage(first)));
                                all.addAll(raised);
                                return outbox.add(conn, all).replaceWith(new Counted(firsts, raised));
                            }));
                }));
    }

    /** The alert for a tenant's first unpriced event ever: usage is arriving that no price list covers. */
    static BudgetEvent unpricedUsage(UsagePriced event) {
        return new BudgetEvent(BudgetEvent.SCHEMA_VERSION, BudgetEvent.TYPE, event.tenantId(),
                "unpriced-usage:" + event.tenantId() + ":" + event.eventId(), event.occurredAt(), null, null,
                "unpriced_usage", "warning", null, null, null, null, null);
    }

    private static Set<String> claimed(RowSet<Row> rows) {
        Set<String> claimed = new HashSet<>();
        for (Row row : rows) {
            claimed.add(row.getString(0) + '\u0000' + row.getString(1) + '\u0000' + row.getInteger(2));
        }
        return claimed;
    }

    /** The events of the batch claimed now: not counted before, and only the first copy of one within the batch. */
    private static List<UsagePriced> fresh(List<UsagePriced> events, Set<String> claimed) {
        List<UsagePriced> fresh = new ArrayList<>(claimed.size());
        for (UsagePriced e : events) {
            if (claimed.remove(e.tenantId() + '\u0000' + e.eventId() + '\u0000' + e.pricing().revision())) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    private static Map<String, TenantDelta> deltas(List<UsagePriced> fresh) {
        Map<String, TenantDelta> deltas = new LinkedHashMap<>();
        for (UsagePriced e : fresh) {
            TenantDelta d = deltas.computeIfAbsent(e.tenantId(), t -> new TenantDelta());
            if (e.pricing().revision() > 1) {
                // an adjustment: the event was counted before; replace its previous pricing by this one
                if (!e.billedByProvider()) {
                    adjust(d, e);
                }
                continue;
            }
            d.events++;
            d.tokens += e.usage().usage().totalTokens();
            if (e.billedCost() != null) {
                d.cost = d.cost.add(e.billedCost().amount());
            } else {
                d.unpriced++;
                if (d.firstUnpriced == null) {
                    d.firstUnpriced = e;
                }
            }
        }
        return deltas;
    }

    private static void adjust(TenantDelta d, UsagePriced e) {
        Pricing p = e.pricing();
        boolean wasUnpriced = p.previousCost() == null;
        if (wasUnpriced) {
            d.unpriced--;
        } else {
            d.cost = d.cost.subtract(p.previousCost().amount());
        }
        if (p.isPriced()) {
            d.cost = d.cost.add(p.cost().amount());
        } else {
            d.unpriced++;
        }
    }

    private static Uni<List<UsagePriced>> add(SqlConnection conn, Map<String, TenantDelta> deltas) {
        List<UsagePriced> firstUnpriced = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, TenantDelta> entry : deltas.entrySet()) {
            TenantDelta d = entry.getValue();
            chain = chain.chain(() -> conn.preparedQuery("""
                            INSERT INTO budget.tenant_spend AS s (tenant_id, events, unpriced_events, total_tokens, cost)
                            VALUES ($1, $2, $3, $4, $5)
                            ON CONFLICT (tenant_id) DO UPDATE SET
                              events = s.events + EXCLUDED.events,
                              unpriced_events = s.unpriced_events + EXCLUDED.unpriced_events,
                              total_tokens = s.total_tokens + EXCLUDED.total_tokens,
                              cost = s.cost + EXCLUDED.cost,
                              updated_at = now()
                            RETURNING unpriced_events""")
                    .execute(Tuple.of(entry.getKey(), d.events, d.unpriced, d.tokens, d.cost))
                    .invoke(rows -> {
                        long total = rows.iterator().next().getLong(0);
                        if (d.unpriced > 0 && total == d.unpriced) {
                            firstUnpriced.add(d.firstUnpriced);
                        }
                    })
                    .replaceWithVoid());
        }
        return chain.replaceWith(firstUnpriced);
    }
}
