package dev.tokenledger.report.store;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The SQL of the store, and the per-event measures every rollup and raw query derive the same way:
 * cost shown = provider-reported cost if present, else our USD estimate (an unpriced event adds
 * nothing and is counted as unpriced, never as $0 cost); errors = error or rate_limited.
 */
public final class UsageEventSql {

    private UsageEventSql() {
    }

    public static String usdEstimate(String x) {
        return "(CASE WHEN " + x + ".currency = 'USD' THEN " + x + ".cost END)";
    }

    public static String unpriced(String x) {
        return "(CASE WHEN " + x + ".currency = 'USD' AND " + x + ".cost IS NOT NULL THEN 0 ELSE 1 END)";
    }

    public static String shownCost(String x) {
        return "coalesce(" + x + ".reported_cost, " + usdEstimate(x) + ", 0)";
    }

    public static String estimatedCost(String x) {
        return "coalesce(" + usdEstimate(x) + ", 0)";
    }

    private static String paired(String x) {
        return x + ".reported_cost IS NOT NULL AND " + x + ".currency = 'USD' AND " + x + ".cost IS NOT NULL";
    }

    public static String reportedCalls(String x) {
        return "(CASE WHEN " + paired(x) + " THEN 1 ELSE 0 END)";
    }

    public static String reportedCost(String x) {
        return "(CASE WHEN " + paired(x) + " THEN " + x + ".reported_cost ELSE 0 END)";
    }

    public static String estimateOfReported(String x) {
        return "(CASE WHEN " + paired(x) + " THEN " + x + ".cost ELSE 0 END)";
    }

    public static String error(String x) {
        return "(CASE WHEN " + x + ".status IN (1, 2) THEN 1 ELSE 0 END)";
    }

    static final String TOKEN_COLUMNS = "input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens";

    private static final String DIM_COLUMNS = Arrays.stream(Dimension.values()).map(Dimension::column).collect(Collectors.joining(", "));

    /** Per-bucket list-price costs, carried in the insert's input for the session rollup only (not stored per event). */
    static final String BUCKET_COSTS = "input_cost, cache_read_cost, cache_write_cost, output_cost, other_cost";

    static final String ROLLUP_DIMS = "provider, model, project, user_id, customer, feature, agent";

    static final String DAY_DIMS = "provider, model, project, feature";

    private static String unnestTypes() {
        StringBuilder sb = new StringBuilder("$1::timestamptz[]");
        int p = 2;
        for (int i = 0; i < 6; i++) {
            sb.append(", $").append(p++).append("::bigint[]");
        }
        sb.append(", $").append(p++).append("::int[]");
        for (int i = 0; i < Dimension.values().length; i++) {
            sb.append(", $").append(p++).append("::int[]");
        }
        sb.append(", $").append(p++).append("::smallint[]");
        sb.append(", $").append(p++).append("::smallint[]");
        sb.append(", $").append(p++).append("::text[]");
        sb.append(", $").append(p++).append("::text[]");
        sb.append(", $").append(p++).append("::numeric[]");
        sb.append(", $").append(p++).append("::numeric[]");
        for (int i = 0; i < 5; i++) {
            sb.append(", $").append(p++).append("::numeric[]");
        }
        return sb.toString();
    }

    private static final String EVENT_COLUMNS = "occurred_at, " + TOKEN_COLUMNS + ", tenant_id, " + DIM_COLUMNS
            + ", status, revision, event_id, currency, cost, reported_cost";

    private static String sums(String x) {
        return "count(*), sum(" + error(x) + "), sum(" + unpriced(x) + "), "
                + Arrays.stream(TOKEN_COLUMNS.split(", ")).map(c -> "sum(" + x + "." + c + ")").collect(Collectors.joining(", "));
    }

    /** The rollups' money measures, in the order of {@link #MONEY_COLUMNS}. */
    private static String moneySums(String x) {
        return "sum(" + reportedCalls(x) + "), sum(" + shownCost(x) + "), sum(" + estimatedCost(x) + "), sum(" + reportedCost(x) + "), sum("
                + estimateOfReported(x) + ")";
    }

    private static final String[] MONEY_COLUMNS = {"reported_calls", "cost", "estimated_cost", "reported_cost", "estimate_of_reported"};

    /** The dimensions the per-dimension daily rollup keeps, as {@code (code, value)} rows of a VALUES list over row {@code x}. */
    private static String keptAlone(String x) {
        return Arrays.stream(Dimension.values()).filter(Dimension.ROLLED_UP_DAILY_ALONE::contains)
                .map(d -> "(" + d.code() + "::smallint, " + x + "." + d.column() + ")").collect(Collectors.joining(", "));
    }

    private static String addExcluded(String table, String... columns) {
        return Arrays.stream(columns).map(c -> c + " = " + table + "." + c + " + EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    private static final String[] COUNTERS = ("calls, errors, unpriced, " + TOKEN_COLUMNS).split(", ");

    /**
     * Inserts the batch's events that are not stored yet and adds exactly those to the rollups
     * (all CTEs see one snapshot; {@code ins} returns only rows this statement inserted).
     */
    static final String INSERT_NEW = "WITH input AS (SELECT * FROM unnest(" + unnestTypes() + ") AS r(" + EVENT_COLUMNS + ", "
            + BUCKET_COSTS + ")),\n"
            + "ins AS (INSERT INTO report.usage_event (" + EVENT_COLUMNS + ") SELECT " + EVENT_COLUMNS + " FROM input\n"
            + "        ON CONFLICT (tenant_id, occurred_at, event_id) DO NOTHING RETURNING *),\n"
            + "hourly AS (INSERT INTO report.rollup_hour AS h (tenant_id, hour, " + ROLLUP_DIMS + ", calls, errors, unpriced, "
            + TOKEN_COLUMNS + ", reported_calls, cost, estimated_cost, reported_cost, estimate_of_reported)\n"
            + "        SELECT i.tenant_id, date_trunc('hour', i.occurred_at, 'UTC'), i.provider, i.model, i.project, i.user_id, i.customer,"
            + " i.feature, i.agent, " + sums("i") + ", " + moneySums("i") + "\n"
            + "        FROM ins i GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9\n"
            + "        ON CONFLICT (tenant_id, hour, " + ROLLUP_DIMS + ") DO UPDATE SET "
            + addExcluded("h", COUNTERS) + ", " + addExcluded("h", MONEY_COLUMNS)
            + "),\n"
            + "daily AS (INSERT INTO report.rollup_day AS d (tenant_id, day, " + DAY_DIMS + ", calls, errors, unpriced, "
            + TOKEN_COLUMNS + ", reported_calls, cost, estimated_cost, reported_cost, estimate_of_reported)\n"
            + "        SELECT i.tenant_id, date_trunc('day', i.occurred_at, 'UTC'), i.provider, i.model, i.project, i.feature, "
            + sums("i") + ", " + moneySums("i") + "\n"
            + "        FROM ins i GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6\n"
            + "        ON CONFLICT (tenant_id, day, " + DAY_DIMS + ") DO UPDATE SET "
            + addExcluded("d", COUNTERS) + ", " + addExcluded("d", MONEY_COLUMNS)
            + "),\n"
            + "dim_daily AS (INSERT INTO report.rollup_dim_day AS x (tenant_id, dim, day, value, calls, errors, unpriced, "
            + TOKEN_COLUMNS + ", reported_calls, cost, estimated_cost, reported_cost, estimate_of_reported)\n"
            + "        SELECT i.tenant_id, v.dim, date_trunc('day', i.occurred_at, 'UTC'), v.value, " + sums("i") + ", " + moneySums("i") + "\n"
            + "        FROM ins i CROSS JOIN LATERAL (VALUES " + keptAlone("i") + ") AS v(dim, value) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4\n"
            + "        ON CONFLICT (tenant_id, dim, day, value) DO UPDATE SET " + addExcluded("x", COUNTERS) + ", " + addExcluded("x", MONEY_COLUMNS)
            + "),\n"
            + "tenant_hourly AS (INSERT INTO report.rollup_tenant_hour AS t (tenant_id, hour, calls, errors, unpriced, "
            + TOKEN_COLUMNS + ", reported_calls, cost, estimated_cost, reported_cost, estimate_of_reported)\n"
            + "        SELECT i.tenant_id, date_trunc('hour', i.occurred_at, 'UTC'), " + sums("i") + ", " + moneySums("i") + "\n"
            + "        FROM ins i GROUP BY 1, 2 ORDER BY 1, 2\n"
            + "        ON CONFLICT (tenant_id, hour) DO UPDATE SET "
            + addExcluded("t", COUNTERS) + ", " + addExcluded("t", MONEY_COLUMNS)
            + ")\n"
            + "INSERT INTO report.session_rollup AS s (tenant_id, session, model, first_at, last_at, calls, errors, unpriced, "
            + TOKEN_COLUMNS + ", cost, " + BUCKET_COSTS + ")\n"
            + "SELECT i.tenant_id, i.session, i.model, min(i.occurred_at), max(i.occurred_at), " + sums("i") + ", sum(" + shownCost("i") + "), "
            + Arrays.stream(BUCKET_COSTS.split(", ")).map(c -> "sum(r." + c + ")").collect(Collectors.joining(", ")) + "\n"
            + "FROM ins i JOIN input r ON r.tenant_id = i.tenant_id AND r.occurred_at = i.occurred_at AND r.event_id = i.event_id\n"
            + "WHERE i.session <> 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3\n"
            + "ON CONFLICT (tenant_id, session, model) DO UPDATE SET first_at = least(s.first_at, EXCLUDED.first_at),"
            + " last_at = greatest(s.last_at, EXCLUDED.last_at), " + addExcluded("s", COUNTERS) + ", cost = s.cost + EXCLUDED.cost, "
            + addExcluded("s", BUCKET_COSTS.split(", "));

    /**
     * A re-pricing adjustment: replaces the stored estimate when the revision is newer and moves the
     * rollups by the difference (new minus old), so the totals change exactly once.
     */
    static final String ADJUST = "WITH old AS (SELECT * FROM report.usage_event WHERE tenant_id = $1 AND occurred_at = $2 AND event_id = $3"
            + " AND revision < $4 FOR UPDATE),\n"
            + "upd AS (UPDATE report.usage_event e SET revision = $4, currency = $5, cost = $6 FROM old"
            + " WHERE e.tenant_id = old.tenant_id AND e.occurred_at = old.occurred_at AND e.event_id = old.event_id RETURNING e.*),\n"
            + "delta AS (SELECT n.tenant_id, date_trunc('hour', n.occurred_at, 'UTC') AS hour, n.provider, n.model, n.project, n.user_id,"
            + " n.customer, n.feature, n.agent, n.session, n.operation, n.environment, n.api_key,\n"
            + "   " + unpriced("n") + " - " + unpriced("o") + " AS unpriced,\n"
            + "   " + shownCost("n") + " - " + shownCost("o") + " AS cost,\n"
            + "   " + estimatedCost("n") + " - " + estimatedCost("o") + " AS estimated_cost,\n"
            + "   " + reportedCalls("n") + " - " + reportedCalls("o") + " AS reported_calls,\n"
            + "   " + reportedCost("n") + " - " + reportedCost("o") + " AS reported_cost,\n"
            + "   " + estimateOfReported("n") + " - " + estimateOfReported("o") + " AS estimate_of_reported\n"
            + " FROM upd n JOIN old o ON o.tenant_id = n.tenant_id AND o.occurred_at = n.occurred_at AND o.event_id = n.event_id),\n"
            + "hourly AS (UPDATE report.rollup_hour h SET unpriced = h.unpriced + d.unpriced, cost = h.cost + d.cost,"
            + " estimated_cost = h.estimated_cost + d.estimated_cost, reported_calls = h.reported_calls + d.reported_calls,"
            + " reported_cost = h.reported_cost + d.reported_cost, estimate_of_reported = h.estimate_of_reported + d.estimate_of_reported\n"
            + " FROM delta d WHERE h.tenant_id = d.tenant_id AND h.hour = d.hour AND h.provider = d.provider AND h.model = d.model"
            + " AND h.project = d.project AND h.user_id = d.user_id AND h.customer = d.customer AND h.feature = d.feature AND h.agent = d.agent),\n"
            + "daily AS (UPDATE report.rollup_day r SET unpriced = r.unpriced + d.unpriced, cost = r.cost + d.cost,"
            + " estimated_cost = r.estimated_cost + d.estimated_cost, reported_calls = r.reported_calls + d.reported_calls,"
            + " reported_cost = r.reported_cost + d.reported_cost, estimate_of_reported = r.estimate_of_reported + d.estimate_of_reported\n"
            + " FROM delta d WHERE r.tenant_id = d.tenant_id AND r.day = date_trunc('day', d.hour, 'UTC') AND r.provider = d.provider"
            + " AND r.model = d.model AND r.project = d.project AND r.feature = d.feature),\n"
            + "dim_daily AS (UPDATE report.rollup_dim_day x SET unpriced = x.unpriced + d.unpriced, cost = x.cost + d.cost,"
            + " estimated_cost = x.estimated_cost + d.estimated_cost, reported_calls = x.reported_calls + d.reported_calls,"
            + " reported_cost = x.reported_cost + d.reported_cost, estimate_of_reported = x.estimate_of_reported + d.estimate_of_reported\n"
            + " FROM delta d CROSS JOIN LATERAL (VALUES " + keptAlone("d") + ") AS v(dim, value) WHERE x.tenant_id = d.tenant_id"
            + " AND x.dim = v.dim AND x.day = date_trunc('day', d.hour, 'UTC') AND x.value = v.value),\n"
            + "tenant_hourly AS (UPDATE report.rollup_tenant_hour t SET unpriced = t.unpriced + d.unpriced, cost = t.cost + d.cost,"
            + " estimated_cost = t.estimated_cost + d.estimated_cost, reported_calls = t.reported_calls + d.reported_calls,"
            + " reported_cost = t.reported_cost + d.reported_cost, estimate_of_reported = t.estimate_of_reported + d.estimate_of_reported\n"
            + " FROM delta d WHERE t.tenant_id = d.tenant_id AND t.hour = d.hour)\n"
            + "UPDATE report.session_rollup s SET unpriced = s.unpriced + d.unpriced, cost = s.cost + d.cost FROM delta d"
            + " WHERE d.session <> 0 AND s.tenant_id = d.tenant_id AND s.session = d.session AND s.model = d.model";
}
