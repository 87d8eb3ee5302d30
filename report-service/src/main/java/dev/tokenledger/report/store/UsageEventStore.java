package dev.tokenledger.report.store;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores priced events idempotently on (tenant, event id) and keeps the rollups in step: one
 * statement inserts the batch's new events and adds exactly those to the hourly and session
 * rollups, so a redelivered event changes nothing. A re-pricing adjustment (a higher revision)
 * replaces the stored cost and moves the rollups by the difference, once.
 */
@ApplicationScoped
public class UsageEventStore {

    /** Status codes of the {@code status} column (ingest's vocabulary). */
    public static final List<String> STATUSES = List.of("success", "error", "rate_limited", "cancelled", "started", "denied");

    @Inject
    Pool pool;

    @Inject
    TenantDirectory tenants;

    @Inject
    DimensionDictionary dictionary;

    public Uni<Void> storeAll(List<UsagePriced> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // one row per event: the highest revision in the batch wins
        Map<String, UsagePriced> newest = new LinkedHashMap<>();
        for (UsagePriced e : events) {
            newest.merge(e.tenantId() + "\u0000" + e.eventId(), e,
                    (a, b) -> b.pricing().revision() > a.pricing().revision() ? b : a);
        }
        List<UsagePriced> batch = new ArrayList<>(newest.values());
        Set<String> tenantNames = new HashSet<>();
        batch.forEach(e -> tenantNames.add(e.tenantId()));
        return tenants.idsOf(tenantNames).chain(tenantIds -> {
            Set<DimensionDictionary.Key> keys = new HashSet<>();
            for (UsagePriced e : batch) {
                int t = tenantIds.get(e.tenantId());
                for (Dimension d : Dimension.values()) {
                    String v = d.valueOf(e.usage());
                    if (v != null) {
                        keys.add(new DimensionDictionary.Key(t, d.code(), v));
                    }
                }
            }
            return dictionary.resolve(keys).chain(dimIds -> {
                List<EventRow> rows = batch.stream().map(e -> EventRow.of(e, tenantIds.get(e.tenantId()), dimIds)).toList();
                List<EventRow> adjustments = rows.stream().filter(r -> r.revision() > 1).toList();
                return pool.withTransaction(conn -> conn.preparedQuery(UsageEventSql.INSERT_NEW).execute(EventRow.columns(rows))
                        .chain(() -> applyAdjustments(conn, adjustments)));
            });
        }).replaceWithVoid();
    }

    private Uni<Void> applyAdjustments(SqlConnection conn, List<EventRow> adjustments) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventRow a : adjustments) {
            chain = chain.chain(() -> conn.preparedQuery(UsageEventSql.ADJUST).execute(a.adjustmentTuple()).replaceWithVoid());
        }
        return chain;
    }

    /** An event as its row: ids for the tenant and every dimension, money as exact decimals. */
    record EventRow(UsagePriced event, int tenantId, Map<Dimension, Integer> dims, short status, short revision,
                    String currency, BigDecimal cost, BigDecimal reportedCost, BigDecimal[] bucketCosts) {

        static EventRow of(UsagePriced e, int tenantId, Map<DimensionDictionary.Key, Integer> dimIds) {
            Map<Dimension, Integer> dims = new HashMap<>();
            for (Dimension d : Dimension.values()) {
                String v = d.valueOf(e.usage());
                dims.put(d, v == null ? DimensionDictionary.NONE : dimIds.get(new DimensionDictionary.Key(tenantId, d.code(), v)));
            }
            Pricing p = e.pricing();
            UsageRecorded u = e.usage();
            int status = STATUSES.indexOf(u.status());
            boolean priced = p.status() == Pricing.Status.PRICED && p.cost() != null;
            BigDecimal reported = u.reportedCost() != null && u.reportedCost().cost() != null
                    && "USD".equals(u.reportedCost().cost().currency()) ? u.reportedCost().cost().amount() : null;
            return new EventRow(e, tenantId, dims, (short) (status < 0 ? STATUSES.indexOf("started") : status), (short) p.revision(),
                    priced ? p.cost().currency() : null, priced ? p.cost().amount() : null, reported,
                    priced && "USD".equals(p.cost().currency()) ? bucketCosts(p) : zeroBuckets());
        }

        /** List-price line items summed per bucket: input, cache read, cache write (5 m and 1 h), output (incl. reasoning), other. */
        static BigDecimal[] bucketCosts(Pricing p) {
            BigDecimal[] b = zeroBuckets();
            for (Pricing.Line line : p.lineItems()) {
                if (line.amount() == null) {
                    continue;
                }
                int at = switch (line.item()) {
                    case "input" -> 0;
                    case "cache_read" -> 1;
                    case "cache_write", "cache_write_1h" -> 2;
                    case "output", "reasoning" -> 3;
                    default -> 4;
                };
                b[at] = b[at].add(line.amount().amount());
            }
            return b;
        }

        static BigDecimal[] zeroBuckets() {
            return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        }

        Tuple adjustmentTuple() {
            return Tuple.tuple().addInteger(tenantId).addOffsetDateTime(event.usage().occurredAt().atOffset(java.time.ZoneOffset.UTC))
                    .addString(event.eventId()).addShort(revision).addString(currency).addBigDecimal(cost);
        }

        /** The batch as column arrays for {@code unnest}: one statement whatever the batch size. */
        static Tuple columns(List<EventRow> rows) {
            int n = rows.size();
            var at = new java.time.OffsetDateTime[n];
            Long[][] tokens = new Long[6][n];
            Integer[] tenant = new Integer[n];
            Integer[][] dim = new Integer[Dimension.values().length][n];
            Short[] status = new Short[n];
            Short[] revision = new Short[n];
            String[] eventId = new String[n];
            String[] currency = new String[n];
            BigDecimal[] cost = new BigDecimal[n];
            BigDecimal[] reported = new BigDecimal[n];
            BigDecimal[][] buckets = new BigDecimal[5][n];
            for (int i = 0; i < n; i++) {
                EventRow r = rows.get(i);
                var u = r.event().usage();
                var t = u.usage();
                at[i] = u.occurredAt().atOffset(java.time.ZoneOffset.UTC);
                tokens[0][i] = t.inputTokens();
                tokens[1][i] = t.cacheReadTokens();
                tokens[2][i] = t.cacheWriteTokens();
                tokens[3][i] = t.cacheWrite1hTokens();
                tokens[4][i] = t.outputTokens();
                tokens[5][i] = t.reasoningTokens();
                tenant[i] = r.tenantId();
                for (Dimension d : Dimension.values()) {
                    dim[d.ordinal()][i] = r.dims().get(d);
                }
                status[i] = r.status();
                revision[i] = r.revision();
                eventId[i] = r.event().eventId();
                currency[i] = r.currency();
                cost[i] = r.cost();
                reported[i] = r.reportedCost();
                for (int b = 0; b < 5; b++) {
                    buckets[b][i] = r.bucketCosts()[b];
                }
            }
            Tuple tuple = Tuple.tuple().addArrayOfOffsetDateTime(at);
            for (Long[] column : tokens) {
                tuple.addArrayOfLong(column);
            }
            tuple.addArrayOfInteger(tenant);
            for (Dimension d : Dimension.values()) {
                tuple.addArrayOfInteger(dim[d.ordinal()]);
            }
            tuple.addArrayOfShort(status).addArrayOfShort(revision).addArrayOfString(eventId).addArrayOfString(currency)
                    .addArrayOfBigDecimal(cost).addArrayOfBigDecimal(reported);
            for (BigDecimal[] column : buckets) {
                tuple.addArrayOfBigDecimal(column);
            }
            return tuple;
        }
    }
}
