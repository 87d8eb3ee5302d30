package dev.tokenledger.budget.counter;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetIndex;
import dev.tokenledger.budget.budget.BudgetStore;
import dev.tokenledger.budget.budget.TenantBudgets;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.events.UsagePriced;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tokenledger.common.money.Decimals.plain;

/**
 * Adds newly claimed priced events to the counters of every budget they fall under (in the
 * caller's transaction, so an event id is counted once) and to its contributors, settles the
 * decisions' holds by request id, and finds the thresholds crossed — each raised once per budget,
 * period and threshold, naming the budget's top contributors.
 */
@ApplicationScoped
public class BudgetCounters {

    @Inject
    TenantBudgets cached;

    /** Tenants whose kill switch tripped since {@link #drainTripped()} was last called: their cached budgets are stale. */
    private final java.util.Set<String> tripped = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public java.util.Set<String> drainTripped() {
        java.util.Set<String> out = new java.util.HashSet<>(tripped);
        tripped.removeAll(out);
        return out;
    }

    private static final class Delta {
        BigDecimal spent = BigDecimal.ZERO;
        long events;
        long unpriced;
    }

    private record Key(long budgetId, Instant bucket) {
    }

    public Uni<List<BudgetEvent>> count(SqlConnection conn, List<UsagePriced> fresh) {
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> tenants = fresh.stream().map(UsagePriced::tenantId).distinct().toList();
        return budgetsOf(conn, tenants).chain(byTenant -> apply(conn, byTenant, fresh));
    }

    /**
     * The tenants' budgets indexed by scope. A tenant's version (raised by every change to its budgets)
     * is read in this transaction: where it equals the version of the list cached for decisions, that
     * list serves; the others are read here and offered to the cache. A tenant with thousands of
     * budgets then costs one small read per polled batch instead of reading and parsing all of them.
     */
    private Uni<Map<String, BudgetIndex>> budgetsOf(SqlConnection conn, List<String> tenants) {
        long generation = cached.generation();
        return conn.preparedQuery("SELECT tenant_id, version FROM budget.tenant_budget_version WHERE tenant_id = ANY($1)")
                .execute(Tuple.of(tenants.toArray(String[]::new))).chain(rows -> {
                    Map<String, Long> versions = new HashMap<>();
                    rows.forEach(r -> versions.put(r.getString(0), r.getLong(1)));
                    Map<String, BudgetIndex> byTenant = new HashMap<>();
                    List<String> unread = new ArrayList<>();
                    versions.forEach((tenant, version) -> {
                        BudgetIndex index = cached.at(tenant, version);
                        if (index != null) {
                            byTenant.put(tenant, index);
                        } else {
                            unread.add(tenant);
                        }
                    });
                    // a tenant without a version never had a budget
                    if (unread.isEmpty()) {
                        return Uni.createFrom().item(byTenant);
                    }
                    return conn.preparedQuery("SELECT " + BudgetStore.COLUMNS + " FROM budget.budget WHERE tenant_id = ANY($1) AND deleted_at IS NULL")
                            .execute(Tuple.of(unread.toArray(String[]::new))).map(BudgetStore::budgets).map(budgets -> {
                                Map<String, List<Budget>> listed = new HashMap<>();
                                budgets.forEach(b -> listed.computeIfAbsent(b.tenantId(), t -> new ArrayList<>()).add(b));
                                for (String tenant : unread) {
                                    BudgetIndex index = new BudgetIndex(listed.getOrDefault(tenant, List.of()), versions.get(tenant));
                                    byTenant.put(tenant, index);
                                    cached.offer(tenant, versions.get(tenant), generation, index);
                                }
                                return byTenant;
                            });
                });
    }

    private Uni<List<BudgetEvent>> apply(SqlConnection conn, Map<String, BudgetIndex> byTenant, List<UsagePriced> fresh) {
        // in (budget, bucket) order, so concurrent writers lock counter rows in one order
        Map<Key, Delta> deltas = new java.util.TreeMap<>(java.util.Comparator.comparingLong(Key::budgetId).thenComparing(Key::bucket));
        Map<Long, Budget> touched = new LinkedHashMap<>();
        Map<Long, String> trips = new LinkedHashMap<>();
        BudgetContributors contributors = new BudgetContributors();
        List<String> settleTenants = new ArrayList<>();
        List<String> settleRequests = new ArrayList<>();
        for (UsagePriced e : fresh) {
            if (e.pricing().revision() == 1 && e.usage().requestId() != null) {
                settleTenants.add(e.tenantId());
                settleRequests.add(e.usage().requestId());
            }
            BudgetIndex index = byTenant.get(e.tenantId());
            if (index == null) {
                continue;
            }
            for (Budget b : index.applying(e.usage().attribution(), e.usage().provider(), e.usage().model())) {
                Key key = new Key(b.id(), b.period().bucketAt(e.occurredAt(), b.zone()));
                Delta d = deltas.computeIfAbsent(key, k -> new Delta());
                touched.put(b.id(), b);
                contributors.add(b, key.bucket(), e, addTo(d, b, e));
                BigDecimal amount = b.amountOf(e);
                if (b.perRequestCeiling() != null && !b.isTripped() && amount != null && amount.compareTo(b.perRequestCeiling()) > 0) {
                    trips.putIfAbsent(b.id(), "request " + e.usage().requestId() + " (event " + e.eventId() + ") cost "
                            + plain(amount) + " > ceiling " + b.perRequestCeiling().toPlainString());
                }
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (!deltas.isEmpty()) {
            int n = deltas.size();
            Long[] ids = new Long[n];
            OffsetDateTime[] buckets = new OffsetDateTime[n];
            BigDecimal[] spent = new BigDecimal[n];
            Long[] events = new Long[n];
            Long[] unpriced = new Long[n];
            int i = 0;
            for (Map.Entry<Key, Delta> entry : deltas.entrySet()) {
                ids[i] = entry.getKey().budgetId();
                buckets[i] = entry.getKey().bucket().atOffset(ZoneOffset.UTC);
                spent[i] = entry.getValue().spent;
                events[i] = entry.getValue().events;
                unpriced[i++] = entry.getValue().unpriced;
            }
            // one statement per batch; the ORDER BY keeps the (budget, bucket) lock order
            chain = conn.preparedQuery("""
                            INSERT INTO budget.budget_counter AS c (budget_id, bucket_start, spent, events, unpriced)
                            SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::numeric[], $4::bigint[], $5::bigint[]) ORDER BY 1, 2
                            ON CONFLICT (budget_id, bucket_start) DO UPDATE SET spent = c.spent + EXCLUDED.spent,
                              events = c.events + EXCLUDED.events, unpriced = c.unpriced + EXCLUDED.unpriced""")
                    .execute(Tuple.of(ids, buckets, spent, events, unpriced)).replaceWithVoid()
                    .chain(() -> contributors.write(conn));
        }
        if (!settleRequests.isEmpty()) {
            // the priced events replace their decisions' estimates: their holds are released (the actual cost was counted
            // above), summed per counter because an UPDATE … FROM applies only one matching row to each counter
            chain = chain.chain(() -> conn.preparedQuery("""
                            WITH settled AS (DELETE FROM budget.budget_hold h USING unnest($1::text[], $2::text[]) AS r(tenant_id, request_id)
                                             WHERE h.tenant_id = r.tenant_id AND h.request_id = r.request_id
                                             RETURNING h.budget_id, h.bucket_start, h.amount),
                                 released AS (SELECT budget_id, bucket_start, sum(amount) AS amount FROM settled GROUP BY 1, 2)
                            UPDATE budget.budget_counter c SET reserved = greatest(c.reserved - s.amount, 0)
                              FROM released s WHERE c.budget_id = s.budget_id AND c.bucket_start = s.bucket_start""")
                    .execute(Tuple.of(settleTenants.toArray(String[]::new), settleRequests.toArray(String[]::new))).replaceWithVoid());
        }
        return chain.chain(() -> thresholds(conn, touched.values(), fresh, trips));
    }

    /** Adds the event to the budget's delta. @return what it added to the budget's spend, null for nothing */
    private static BigDecimal addTo(Delta d, Budget b, UsagePriced e) {
        if (e.pricing().revision() > 1) {
            // a re-pricing adjustment: only money budgets change, by the new cost less the old one
            // (a provider-billed event keeps its billed cost whatever our price says)
            if (b.unit() != Budget.Unit.USD || e.billedByProvider()) {
                return null;
            }
            BigDecimal change = BigDecimal.ZERO;
            BigDecimal now = b.amountOf(e);
            if (e.pricing().previousCost() == null) {
                d.unpriced--;
            } else {
                change = change.subtract(e.pricing().previousCost().amount());
            }
            if (now == null) {
                d.unpriced++;
            } else {
                change = change.add(now);
            }
            d.spent = d.spent.add(change);
            return change;
        }
        d.events++;
        BigDecimal amount = b.amountOf(e);
        if (amount == null) {
            d.unpriced++;
        } else {
            d.spent = d.spent.add(amount);
        }
        return amount;
    }

    /** Thresholds crossed by the current period's spend of the touched budgets, each claimed once. */
    private Uni<List<BudgetEvent>> thresholds(SqlConnection conn, Iterable<Budget> touched, List<UsagePriced> fresh, Map<Long, String> trips) {
        Instant now = fresh.stream().map(UsagePriced::occurredAt).max(Instant::compareTo).orElse(Instant.now());
        List<BudgetEvent> events = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Budget b : touched) {
            chain = chain.chain(() -> CounterReads.usage(conn, b, now).chain(u -> {
                String trip = trips.get(b.id());
                if (trip == null && b.perRequestCeiling() != null && !b.isTripped() && u.events() > 0) {
                    BigDecimal average = u.spent().divide(BigDecimal.valueOf(u.events()), 12, java.math.RoundingMode.HALF_EVEN);
                    if (average.compareTo(b.perRequestCeiling()) > 0) {
                        trip = "average per request this period " + plain(average) + " > ceiling "
                                + b.perRequestCeiling().toPlainString();
                    }
                }
                Uni<Void> tripped = trip == null ? Uni.createFrom().voidItem() : trip(conn, b, trip, u, events);
                int raisedBefore = events.size();
                return tripped.chain(() -> crossings(conn, b, u, events)).chain(() -> projection(conn, b, u, now, events))
                        .chain(() -> events.size() == raisedBefore ? Uni.createFrom().voidItem()
                                : BudgetContributors.top(conn, b, u).invoke(top -> {
                                    for (int i = raisedBefore; i < events.size(); i++) {
                                        events.set(i, events.get(i).withTopContributors(top));
                                    }
                                }).replaceWithVoid());
            }));
        }
        return chain.replaceWith(events);
    }

    /** Trips the kill switch once (a budget already tripped is left as it is) and raises {@code kill_switch_tripped}. */
    private Uni<Void> trip(SqlConnection conn, Budget b, String reason, CounterReads.Usage u, List<BudgetEvent> events) {
        return conn.preparedQuery("UPDATE budget.budget SET tripped_at = now(), tripped_reason = $2 WHERE id = $1 AND tripped_at IS NULL RETURNING id")
                .execute(Tuple.of(b.id(), reason)).invoke(rows -> {
                    if (rows.size() > 0) {
                        tripped.add(b.tenantId());
                        events.add(BudgetEvents.of(b, "kill_switch_tripped", "critical", null, u, null, "kill-switch:" + Instant.now()));
                    }
                }).replaceWithVoid();
    }

    /**
     * A linear projection of this period's burn rate to its end; over the limit (and not over it
     * yet) raises {@code projected_to_exceed}, at most once a day per budget. Needs an hour of the
     * period behind it, so the first minutes of a period do not alert.
     */
    private Uni<Void> projection(SqlConnection conn, Budget b, CounterReads.Usage u, Instant now, List<BudgetEvent> events) {
        BigDecimal projected = BudgetEvents.projectedAtEnd(u, now);
        if (projected == null || projected.compareTo(u.limitWith(b.limit())) <= 0 || u.spent().compareTo(u.limitWith(b.limit())) >= 0) {
            return Uni.createFrom().voidItem();
        }
        java.time.LocalDate day = now.atZone(b.zone()).toLocalDate();
        return conn.preparedQuery("INSERT INTO budget.budget_projection_alert (budget_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING day")
                .execute(Tuple.of(b.id(), day)).invoke(rows -> {
                    if (rows.size() > 0) {
                        events.add(BudgetEvents.of(b, "projected_to_exceed", "warning", null, u, projected, "projection:" + day));
                    }
                }).replaceWithVoid();
    }

    /** Thresholds the period's spend has reached, each claimed once per budget and period. */
    private Uni<Void> crossings(SqlConnection conn, Budget b, CounterReads.Usage u, List<BudgetEvent> events) {
        List<Integer> crossed = b.thresholds().stream()
                .filter(t -> u.spent().multiply(BigDecimal.valueOf(100)).compareTo(u.limitWith(b.limit()).multiply(BigDecimal.valueOf(t))) >= 0)
                .toList();
        if (crossed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> claims = crossed.stream().map(t -> Tuple.of(b.id(), u.window().start().atOffset(ZoneOffset.UTC), t)).toList();
        return conn.preparedQuery("INSERT INTO budget.budget_threshold_hit (budget_id, period_start, threshold) VALUES ($1, $2, $3)"
                        + " ON CONFLICT DO NOTHING RETURNING threshold")
                .executeBatch(claims)
                .invoke(rows -> {
                    for (var rs = rows; rs != null; rs = rs.next()) {
                        for (Row r : rs) {
                            events.add(event(b, r.getInteger(0), u));
                        }
                    }
                }).replaceWithVoid();
    }

    private static BudgetEvent event(Budget b, int threshold, CounterReads.Usage u) {
        String kind = threshold >= 100 ? "limit_reached" : "threshold_crossed";
        String severity = threshold >= 100 ? "critical" : threshold >= 90 ? "warning" : "info";
        return BudgetEvents.of(b, kind, severity, threshold, u, null, String.valueOf(threshold));
    }
}
