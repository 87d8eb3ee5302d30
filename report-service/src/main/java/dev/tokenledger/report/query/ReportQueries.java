package dev.tokenledger.report.query;

import dev.tokenledger.common.time.TimeZones;
import dev.tokenledger.report.period.ReportPeriod;
import dev.tokenledger.report.store.Dimension;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The aggregate queries behind the reports, over a {@link FactSource}; names stay ids here. */
@ApplicationScoped
public class ReportQueries {

    public record Group(List<Integer> keys, Totals totals) {
    }

    public record Bucket(Instant start, Totals totals) {
    }

    /** Cost and calls that fell in one local hour of one ISO day of the week (1 = Monday). */
    public record PatternCell(int hourOfDay, int dayOfWeek, Totals totals) {
    }

    @Inject
    Pool pool;

    public Uni<Totals> totals(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters) {
        FactSource f = FactSource.of(tenantId, period, filters, Set.of(), FactSource.TimeUse.NONE);
        return pool.preparedQuery("SELECT " + Totals.MEASURES + " FROM " + f.sql()).execute(f.tuple())
                .map(rows -> Totals.read(rows.iterator().next(), 0));
    }

    /** Totals per combination of the {@code by} dimensions, most expensive first. */
    public Uni<List<Group>> groups(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters, List<Dimension> by) {
        FactSource f = FactSource.of(tenantId, period, filters, Set.copyOf(by), FactSource.TimeUse.NONE);
        String keys = by.stream().map(d -> "f." + d.column()).collect(Collectors.joining(", "));
        String positions = String.join(", ", java.util.stream.IntStream.rangeClosed(1, by.size()).mapToObj(String::valueOf).toList());
        String sql = "SELECT " + keys + ", " + Totals.MEASURES + " FROM " + f.sql() + " GROUP BY " + positions
                + " ORDER BY " + (by.size() + Totals.COST_COLUMN) + " DESC, " + (by.size() + 1) + " DESC, " + positions;
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            List<Group> out = new ArrayList<>();
            for (Row r : rows) {
                List<Integer> k = new ArrayList<>();
                for (int i = 0; i < by.size(); i++) {
                    k.add(r.getInteger(i));
                }
                out.add(new Group(k, Totals.read(r, by.size())));
            }
            return out;
        });
    }

    /** The {@code top} most expensive groups, and what the others add up to (null when there are none) and how many they are. */
    public record Ranked(List<Group> shown, Totals rest, long restGroups) {
    }

    /**
     * {@link #groups} cut to the first {@code top} in the database: a month's breakdown by session or user
     * sends a handful of rows, not thousands, and the rest come back already added up.
     */
    public Uni<Ranked> topGroups(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters, List<Dimension> by, int top) {
        FactSource f = FactSource.of(tenantId, period, filters, Set.copyOf(by), FactSource.TimeUse.NONE);
        String keys = by.stream().map(d -> "f." + d.column()).collect(Collectors.joining(", "));
        String positions = String.join(", ", java.util.stream.IntStream.rangeClosed(1, by.size()).mapToObj(String::valueOf).toList());
        String limit = f.param(top);
        String sql = "WITH g AS (SELECT " + keys + ", " + Totals.NAMED_MEASURES + " FROM " + f.sql() + " GROUP BY " + positions + "),\n"
                + "r AS (SELECT g.*, row_number() OVER (ORDER BY g.cost DESC, g.calls DESC, " + keys.replace("f.", "g.") + ") AS rank FROM g)\n"
                + "SELECT rank, " + keys + ", " + String.join(", ", Totals.COLUMNS.stream().map(c -> "f." + c).toList()) + " FROM r f WHERE rank <= "
                + limit + "\nUNION ALL\nSELECT -count(*), " + by.stream().map(d -> "NULL::int").collect(Collectors.joining(", ")) + ", "
                + Totals.MEASURES + " FROM r f WHERE rank > " + limit + " HAVING count(*) > 0\nORDER BY 1";
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            List<Group> shown = new ArrayList<>();
            Totals rest = null;
            long restGroups = 0;
            for (Row r : rows) {
                if (r.getLong(0) < 0) {
                    restGroups = -r.getLong(0);
                    rest = Totals.read(r, 1 + by.size());
                    continue;
                }
                List<Integer> k = new ArrayList<>();
                for (int i = 0; i < by.size(); i++) {
                    k.add(r.getInteger(1 + i));
                }
                shown.add(new Group(k, Totals.read(r, 1 + by.size())));
            }
            return new Ranked(shown, rest, restGroups);
        });
    }

    /** Totals per local hour, day, week (ISO, Monday) or month in the period's time zone, in time order (empty buckets left out). */
    public Uni<List<Bucket>> series(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters, String granularity) {
        FactSource f = FactSource.of(tenantId, period, filters, Set.of(),
                granularity.equals("hour") ? FactSource.TimeUse.HOURS : FactSource.TimeUse.DAYS);
        String sql = "SELECT date_trunc(" + f.param(granularity) + ", f.ts, " + f.param(TimeZones.forPostgres(period.zone())) + ") AS bucket, "
                + Totals.MEASURES + " FROM " + f.sql() + " GROUP BY 1 ORDER BY 1";
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            List<Bucket> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Bucket(r.getOffsetDateTime(0).toInstant(), Totals.read(r, 1))));
            return out;
        });
    }

    /** Totals per local day and combination of the {@code by} dimensions (reconciliation). */
    public Uni<List<DayGroup>> dailyGroups(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters, List<Dimension> by) {
        FactSource f = FactSource.of(tenantId, period, filters, Set.copyOf(by), FactSource.TimeUse.DAYS);
        String keys = by.stream().map(d -> "f." + d.column()).collect(Collectors.joining(", "));
        String positions = String.join(", ", java.util.stream.IntStream.rangeClosed(1, by.size() + 1).mapToObj(String::valueOf).toList());
        String sql = "SELECT (f.ts AT TIME ZONE " + f.param(TimeZones.forPostgres(period.zone())) + ")::date, " + keys + ", " + Totals.MEASURES
                + " FROM " + f.sql() + " GROUP BY " + positions + " ORDER BY " + positions;
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            List<DayGroup> out = new ArrayList<>();
            for (Row r : rows) {
                List<Integer> k = new ArrayList<>();
                for (int i = 0; i < by.size(); i++) {
                    k.add(r.getInteger(1 + i));
                }
                out.add(new DayGroup(r.getLocalDate(0), k, Totals.read(r, 1 + by.size())));
            }
            return out;
        });
    }

    public record DayGroup(java.time.LocalDate day, List<Integer> keys, Totals totals) {
    }

    public Uni<List<PatternCell>> patterns(int tenantId, ReportPeriod period, Map<Dimension, Integer> filters) {
        FactSource f = FactSource.of(tenantId, period, filters, Set.of(), FactSource.TimeUse.HOURS);
        String zone = f.param(TimeZones.forPostgres(period.zone()));
        String sql = "SELECT extract(hour FROM f.ts AT TIME ZONE " + zone + ")::int, extract(isodow FROM f.ts AT TIME ZONE " + zone
                + ")::int, " + Totals.MEASURES + " FROM " + f.sql() + " GROUP BY 1, 2";
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            List<PatternCell> out = new ArrayList<>();
            rows.forEach(r -> out.add(new PatternCell(r.getInteger(0), r.getInteger(1), Totals.read(r, 2))));
            return out;
        });
    }
}
