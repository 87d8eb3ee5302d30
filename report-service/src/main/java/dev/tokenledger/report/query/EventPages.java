package dev.tokenledger.report.query;

import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.period.ReportPeriod;
import dev.tokenledger.report.store.Dimension;
import dev.tokenledger.report.store.DimensionDictionary;
import dev.tokenledger.report.store.UsageEventStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Raw priced events a page at a time, by keyset on (occurred_at, event_id): a cursor is the last
 * row's key, so paging and exports never skip or repeat a row and never hold a range in memory.
 */
@ApplicationScoped
public class EventPages {

    /** One stored event with its names decoded. {@code cost} is our estimate (null = unpriced). */
    public record Event(String eventId, Instant occurredAt, Map<Dimension, String> names, String status, String pricingStatus,
                        Money cost, Money reportedCost, int revision, Totals.Tokens tokens) {
    }

    public record Page(List<Event> events, String nextCursor) {
    }

    @Inject
    Pool pool;

    @Inject
    DimensionDictionary dictionary;

    private static final String DIMS = Arrays.stream(Dimension.values()).map(d -> "e." + d.column()).collect(Collectors.joining(", "));

    public Uni<Page> page(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters, String cursor, int limit, boolean newestFirst) {
        List<Object> params = new ArrayList<>(List.of(tenantId, period.from().atOffset(ZoneOffset.UTC), period.to().atOffset(ZoneOffset.UTC)));
        StringBuilder where = new StringBuilder("e.tenant_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3");
        for (Dimension d : Dimension.values()) {
            if (filters.containsKey(d)) {
                params.add(filters.get(d));
                where.append(" AND e.").append(d.column()).append(" = $").append(params.size());
            }
        }
        if (cursor != null) {
            Object[] key = decode(cursor);
            params.add(key[0]);
            params.add(key[1]);
            where.append(" AND (e.occurred_at, e.event_id) ").append(newestFirst ? "<" : ">")
                    .append(" ($").append(params.size() - 1).append(", $").append(params.size()).append(")");
        }
        params.add(limit);
        String dir = newestFirst ? "DESC" : "ASC";
        String sql = "SELECT e.event_id, e.occurred_at, " + DIMS + ", e.status, e.revision, e.currency, e.cost, e.reported_cost,"
                + " e.input_tokens, e.cache_read_tokens, e.cache_write_tokens, e.cache_write_1h_tokens, e.output_tokens, e.reasoning_tokens"
                + " FROM report.usage_event e WHERE " + where + " ORDER BY e.occurred_at " + dir + ", e.event_id " + dir
                + " LIMIT $" + params.size();
        return pool.preparedQuery(sql).execute(Tuple.from(params)).chain(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            List<Integer> ids = new ArrayList<>();
            int n = Dimension.values().length;
            list.forEach(r -> {
                for (int i = 0; i < n; i++) {
                    ids.add(r.getInteger(2 + i));
                }
            });
            return dictionary.names(ids).map(names -> {
                List<Event> events = list.stream().map(r -> event(r, names)).toList();
                String next = events.size() < limit ? null : encode(events.get(events.size() - 1));
                return new Page(events, next);
            });
        });
    }

    private static Event event(Row r, Map<Integer, String> names) {
        int n = Dimension.values().length;
        Map<Dimension, String> decoded = new LinkedHashMap<>();
        for (Dimension d : Dimension.values()) {
            Integer id = r.getInteger(2 + d.ordinal());
            decoded.put(d, id == null || id == 0 ? null : names.get(id));
        }
        int at = 2 + n;
        short status = r.getShort(at);
        String currency = r.getString(at + 2);
        BigDecimal cost = r.getBigDecimal(at + 3);
        BigDecimal reported = r.getBigDecimal(at + 4);
        Totals.Tokens tokens = new Totals.Tokens(r.getLong(at + 5), r.getLong(at + 6), r.getLong(at + 7), r.getLong(at + 8),
                r.getLong(at + 9), r.getLong(at + 10));
        return new Event(r.getString(0), r.getOffsetDateTime(1).toInstant(), decoded,
                UsageEventStore.STATUSES.get(Math.min(status, UsageEventStore.STATUSES.size() - 1)),
                cost == null ? "UNPRICED" : "PRICED", cost == null ? null : Money.of(cost, currency.trim()),
                reported == null ? null : Money.of(reported, "USD"), r.getShort(at + 1), tokens);
    }

    static String encode(Event last) {
        String key = last.occurredAt().getEpochSecond() + ":" + last.occurredAt().getNano() + ":" + last.eventId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static Object[] decode(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = key.split(":", 3);
            Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            return new Object[] {at.atOffset(ZoneOffset.UTC), parts[2]};
        } catch (RuntimeException e) {
            throw ProblemException.validation("/cursor", "is not a cursor this API returned");
        }
    }
}
