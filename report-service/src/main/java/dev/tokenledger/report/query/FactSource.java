package dev.tokenledger.report.query;

import dev.tokenledger.report.period.ReportPeriod;
import dev.tokenledger.report.store.Dimension;
import dev.tokenledger.report.store.UsageEventSql;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The calls of one tenant in a period, as SQL a report aggregates over ({@code f}): whole UTC hours
 * come from the hourly rollup, the partial hours at either edge from the raw events, so any
 * {@code [from, to)} is exact while a month reads hundreds of rollup rows instead of millions of
 * events. A report that groups or filters by a dimension the rollup does not keep (session,
 * environment, operation, api key) reads the raw events only.
 */
public final class FactSource {

    /** How a report places calls in time: not at all, in (UTC-aligned) days or coarser, or in hours. */
    public enum TimeUse { NONE, DAYS, HOURS }

    private final List<Object> params = new ArrayList<>();
    private final String sql;
    private final Set<Dimension> columns;

    private FactSource(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters, Set<Dimension> grouped, TimeUse time) {
        Set<Dimension> used = EnumSet.noneOf(Dimension.class);
        used.addAll(filters.keySet());
        used.addAll(grouped);
        this.columns = used;
        boolean rollupServes = Dimension.ROLLED_UP.containsAll(used);
        // the daily rollup is keyed by UTC day: it serves reports that place calls in days only where days are UTC days
        boolean utc = period.zone().getRules().isFixedOffset() && period.zone().getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0;
        boolean dailyServes = Dimension.ROLLED_UP_DAILY.containsAll(used) && (time == TimeUse.NONE || time == TimeUse.DAYS && utc);
        String tenant = param(tenantId);
        List<String> parts = new ArrayList<>();
        Instant firstHour = ceil(period.from(), ChronoUnit.HOURS);
        Instant lastHour = period.to().truncatedTo(ChronoUnit.HOURS);
        if (rollupServes && firstHour.isBefore(lastHour)) {
            if (period.from().isBefore(firstHour)) {
                parts.add(raw(tenant, period.from(), firstHour, filters));
            }
            Instant firstDay = ceil(firstHour, ChronoUnit.DAYS);
            Instant lastDay = lastHour.truncatedTo(ChronoUnit.DAYS);
            if (used.isEmpty()) {
                // unfiltered, ungrouped: 24 rows a day per tenant
                parts.add(rollup("rollup_tenant_hour", "hour", tenant, firstHour, lastHour, filters));
            } else if (dailyServes && firstDay.isBefore(lastDay)) {
                if (firstHour.isBefore(firstDay)) {
                    parts.add(rollup("rollup_hour", "hour", tenant, firstHour, firstDay, filters));
                }
                parts.add(rollup("rollup_day", "day", tenant, firstDay, lastDay, filters));
                if (lastDay.isBefore(lastHour)) {
                    parts.add(rollup("rollup_hour", "hour", tenant, lastDay, lastHour, filters));
                }
            } else {
                parts.add(rollup("rollup_hour", "hour", tenant, firstHour, lastHour, filters));
            }
            if (lastHour.isBefore(period.to())) {
                parts.add(raw(tenant, lastHour, period.to(), filters));
            }
        } else {
            parts.add(raw(tenant, period.from(), period.to(), filters));
        }
        this.sql = "(" + String.join("\nUNION ALL\n", parts) + ") f";
    }

    public static FactSource of(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters, Set<Dimension> grouped, TimeUse time) {
        return new FactSource(tenantId, period, filters, grouped, time);
    }

    /** The source as a FROM item named {@code f}. */
    public String sql() {
        return sql;
    }

    /** Adds a parameter for the statement around the source and returns its placeholder. */
    public String param(Object value) {
        params.add(value);
        return "$" + params.size();
    }

    public Tuple tuple() {
        return Tuple.from(params);
    }

    private String rollup(String table, String time, String tenant, Instant from, Instant to, Map<Dimension, Integer> filters) {
        return "SELECT " + time + " AS ts, " + dims("") + "calls, errors, unpriced, input_tokens, cache_read_tokens, cache_write_tokens,"
                + " cache_write_1h_tokens, output_tokens, reasoning_tokens, reported_calls, cost, estimated_cost, reported_cost,"
                + " estimate_of_reported FROM report." + table + " WHERE tenant_id = " + tenant + " AND " + time + " >= " + param(utc(from))
                + " AND " + time + " < " + param(utc(to)) + where(filters);
    }

    /** The grouped and filtered dimensions' columns, each followed by a comma (the parts of a union select the same ones). */
    private String dims(String alias) {
        return columns.stream().map(d -> alias + d.column() + ", ").collect(Collectors.joining());
    }

    private String raw(String tenant, Instant from, Instant to, Map<Dimension, Integer> filters) {
        return "SELECT e.occurred_at AS ts, " + dims("e.") + "1 AS calls, " + UsageEventSql.error("e") + " AS errors, "
                + UsageEventSql.unpriced("e") + " AS unpriced, e.input_tokens, e.cache_read_tokens, e.cache_write_tokens,"
                + " e.cache_write_1h_tokens, e.output_tokens, e.reasoning_tokens, " + UsageEventSql.reportedCalls("e")
                + " AS reported_calls, " + UsageEventSql.shownCost("e") + " AS cost, " + UsageEventSql.estimatedCost("e")
                + " AS estimated_cost, " + UsageEventSql.reportedCost("e") + " AS reported_cost, " + UsageEventSql.estimateOfReported("e")
                + " AS estimate_of_reported FROM report.usage_event e WHERE e.tenant_id = " + tenant + " AND e.occurred_at >= "
                + param(utc(from)) + " AND e.occurred_at < " + param(utc(to)) + where(filters);
    }

    private String where(Map<Dimension, Integer> filters) {
        return Arrays.stream(Dimension.values()).filter(filters::containsKey)
                .map(d -> " AND " + d.column() + " = " + param(filters.get(d))).collect(Collectors.joining());
    }

    private static Instant ceil(Instant t, ChronoUnit unit) {
        Instant floor = t.truncatedTo(unit);
        return floor.equals(t) ? t : floor.plus(unit.getDuration());
    }

    private static java.time.OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
