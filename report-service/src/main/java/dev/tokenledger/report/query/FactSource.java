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
 * events. Whole UTC days come from a daily rollup where one keeps what the report uses: the one keyed
 * by provider, model, project and feature, or the per-dimension one when the report uses a single
 * other dimension (a month's top users or sessions). What no rollup keeps (sessions by model, say)
 * comes from the raw events.
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
        String tenant = param(tenantId);
        // the daily rollups are keyed by UTC day: they serve reports that place calls in days only where days are UTC days
        boolean utc = period.zone().getRules().isFixedOffset() && period.zone().getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0;
        boolean daysServe = time == TimeUse.NONE || time == TimeUse.DAYS && utc;
        Dimension alone = used.size() == 1 ? used.iterator().next() : null;
        Days days = !daysServe || used.isEmpty() ? Days.NONE
                : Dimension.ROLLED_UP_DAILY.containsAll(used) ? Days.SHARED
                : alone != null && Dimension.ROLLED_UP_DAILY_ALONE.contains(alone) ? Days.ALONE : Days.NONE;
        // unfiltered, ungrouped: 24 rows a day per tenant
        String hourly = used.isEmpty() ? "rollup_tenant_hour" : Dimension.ROLLED_UP.containsAll(used) ? "rollup_hour" : null;
        List<String> parts = new ArrayList<>();
        Instant firstDay = ceil(period.from(), ChronoUnit.DAYS);
        Instant lastDay = period.to().truncatedTo(ChronoUnit.DAYS);
        if (days != Days.NONE && firstDay.isBefore(lastDay)) {
            hoursAndEdges(parts, hourly, tenant, period.from(), firstDay, filters);
            parts.add(days == Days.SHARED ? rollup("rollup_day", "day", tenant, firstDay, lastDay, filters)
                    : dimensionDays(alone, tenant, firstDay, lastDay, filters));
            hoursAndEdges(parts, hourly, tenant, lastDay, period.to(), filters);
        } else {
            hoursAndEdges(parts, hourly, tenant, period.from(), period.to(), filters);
        }
        this.sql = "(" + String.join("\nUNION ALL\n", parts) + ") f";
    }

    /** Which daily rollup serves the whole UTC days: none, the one keyed by the few-valued dimensions, or the one per dimension. */
    private enum Days { NONE, SHARED, ALONE }

    /** {@code [from, to)} from an hourly rollup's whole hours (when one keeps the dimensions used) and raw events at the edges. */
    private void hoursAndEdges(List<String> parts, String hourly, String tenant, Instant from, Instant to, Map<Dimension, Integer> filters) {
        if (!from.isBefore(to)) {
            return;
        }
        Instant firstHour = ceil(from, ChronoUnit.HOURS);
        Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
        if (hourly == null || !firstHour.isBefore(lastHour)) {
            parts.add(raw(tenant, from, to, filters));
            return;
        }
        if (from.isBefore(firstHour)) {
            parts.add(raw(tenant, from, firstHour, filters));
        }
        parts.add(rollup(hourly, "hour", tenant, firstHour, lastHour, filters));
        if (lastHour.isBefore(to)) {
            parts.add(raw(tenant, lastHour, to, filters));
        }
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
        return "SELECT " + time + " AS ts, " + dims("") + ROLLUP_MEASURES + " FROM report." + table + " WHERE tenant_id = " + tenant
                + " AND " + time + " >= " + param(utc(from)) + " AND " + time + " < " + param(utc(to)) + where(filters);
    }

    private static final String ROLLUP_MEASURES = String.join(", ", Totals.COLUMNS);

    /** Whole UTC days of the per-dimension daily rollup, its value named as the dimension's column. */
    private String dimensionDays(Dimension d, String tenant, Instant from, Instant to, Map<Dimension, Integer> filters) {
        return "SELECT day AS ts, value AS " + d.column() + ", " + ROLLUP_MEASURES + " FROM report.rollup_dim_day WHERE tenant_id = " + tenant
                + " AND dim = " + d.code() + " AND day >= " + param(utc(from)) + " AND day < " + param(utc(to))
                + (filters.containsKey(d) ? " AND value = " + param(filters.get(d)) : "");
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
