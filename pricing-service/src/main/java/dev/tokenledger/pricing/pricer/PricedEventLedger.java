package dev.tokenledger.pricing.pricer;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.json.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes pricing idempotent on (tenant, event id): a batch's events are claimed in
 * {@code pricing.priced_event} and only newly claimed ones are published, inside the claiming
 * transaction — if publishing fails the claim is rolled back and the batch is retried, so an
 * event is never claimed without being published. Unpriced events keep their recorded usage for
 * a later re-pricing run.
 */
@ApplicationScoped
public class PricedEventLedger {

    private static final String CLAIM = """
            INSERT INTO pricing.priced_event (tenant_id, event_id, occurred_at, revision, status, cost, currency, catalogue_version, unpriced_event)
            SELECT t, e, o, 1, s, c::numeric, cur, v, u::jsonb
              FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])
                   AS x(t, e, o, s, c, cur, v, u)
            ON CONFLICT (tenant_id, event_id) DO NOTHING
            RETURNING tenant_id, event_id""";

    @Inject
    Pool pool;

    /** Claims the events, publishes the ones not priced before, commits; returns how many were new. */
    public Uni<Integer> claimAndPublish(List<UsagePriced> events, Function<List<UsagePriced>, Uni<Void>> publish) {
        return pool.withTransaction(conn -> claim(conn, events).chain(fresh -> {
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<UsagePriced> toPublish = new ArrayList<>(fresh.size());
            Set<String> published = new HashSet<>();
            for (UsagePriced e : events) {
                String key = key(e.tenantId(), e.eventId());
                if (fresh.contains(key) && published.add(key)) {
                    toPublish.add(e);
                }
            }
            return publish.apply(toPublish).replaceWith(toPublish.size());
        }));
    }

    private static Uni<Set<String>> claim(SqlConnection conn, List<UsagePriced> events) {
        int n = events.size();
        String[] tenants = new String[n];
        String[] ids = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] status = new String[n];
        String[] costs = new String[n];
        String[] currencies = new String[n];
        Long[] versions = new Long[n];
        String[] unpriced = new String[n];
        for (int i = 0; i < n; i++) {
            UsagePriced e = events.get(i);
            Pricing p = e.pricing();
            tenants[i] = e.tenantId();
            ids[i] = e.eventId();
            times[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
            status[i] = p.status().name();
            costs[i] = p.isPriced() ? p.cost().amount().toPlainString() : null;
            currencies[i] = p.isPriced() ? p.cost().currency() : null;
            versions[i] = p.catalogueVersion() == null ? null : Long.valueOf(p.catalogueVersion());
            unpriced[i] = p.isPriced() ? null : Json.write(e.usage());
        }
        Tuple args = Tuple.tuple().addArrayOfString(tenants).addArrayOfString(ids).addArrayOfOffsetDateTime(times)
                .addArrayOfString(status).addArrayOfString(costs).addArrayOfString(currencies).addArrayOfLong(versions)
                .addArrayOfString(unpriced);
        return conn.preparedQuery(CLAIM).execute(args).map(rows -> {
            Set<String> fresh = new HashSet<>(rows.size() * 2);
            for (Row r : rows) {
                fresh.add(key(r.getString(0), r.getString(1)));
            }
            return fresh;
        });
    }

    static String key(String tenant, String eventId) {
        return tenant + '\u0000' + eventId;
    }
}
