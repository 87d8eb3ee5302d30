package dev.tokenledger.report.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.api.ReportContext;
import dev.tokenledger.report.store.Dimension;
import dev.tokenledger.report.store.DimensionDictionary;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions from the session rollup: whole-session figures (start, end, models, tokens and cost per
 * bucket, calls, per call, per minute). A session is listed for a period when it was active in it.
 */
@ApplicationScoped
public class SessionReports {

    public record BucketTokens(long input, long cacheRead, long cacheWrite, @JsonProperty("cache_write_1h") long cacheWrite1h, long output,
                               long reasoning) {
    }

    /** List-price cost of our estimate per bucket (before discounts); {@code cost} is the figure reports show. */
    public record BucketCosts(Money input, Money cacheRead, Money cacheWrite, Money output, Money other) {
    }

    public record ModelPart(String model, long calls, Money cost) {
    }

    public record SessionView(String session, Instant start, Instant end, long durationSeconds, List<String> models, long calls,
                              long errors, long unpricedCalls, BucketTokens tokens, long totalTokens, Money cost, BucketCosts costByBucket,
                              Money averageCostPerCall, long tokensPerMinute, Money costPerMinute, List<ModelPart> byModel) {
    }

    public record SessionList(ReportContextView period, List<SessionView> sessions) implements dev.tokenledger.report.display.CsvTable {
        @Override
        public List<String> csvHeader() {
            return List.of("session", "start", "end", "duration_seconds", "models", "calls", "errors", "unpriced_calls", "total_tokens",
                    "cost", "average_cost_per_call", "cost_per_minute");
        }

        @Override
        public List<List<String>> csvRows() {
            return sessions.stream().map(s -> List.of(s.session(), s.start().toString(), s.end().toString(), String.valueOf(s.durationSeconds()),
                    String.join(" ", s.models()), String.valueOf(s.calls()), String.valueOf(s.errors()), String.valueOf(s.unpricedCalls()),
                    String.valueOf(s.totalTokens()), s.cost().amount().toPlainString(), s.averageCostPerCall().amount().toPlainString(),
                    s.costPerMinute().amount().toPlainString())).toList();
        }
    }

    public record ReportContextView(Instant from, Instant to, String timeZone) {
    }

    @Inject
    Pool pool;

    @Inject
    DimensionDictionary dictionary;

    private static final String COLUMNS = "session, model, first_at, last_at, calls, errors, unpriced, input_tokens, cache_read_tokens,"
            + " cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost, input_cost, cache_read_cost,"
            + " cache_write_cost, output_cost, other_cost";

    /** The most expensive sessions active in the period (optionally only those using a model). */
    public Uni<SessionList> top(ReportContext.Resolved ctx, int top) {
        Integer model = ctx.filters().get(Dimension.MODEL);
        String sql = "WITH top AS (SELECT session FROM report.session_rollup WHERE tenant_id = $1 AND last_at >= $2 AND first_at < $3"
                + (model != null ? " AND model = $5" : "") + " GROUP BY session ORDER BY sum(cost) DESC, session LIMIT $4)"
                + " SELECT " + COLUMNS + " FROM report.session_rollup WHERE tenant_id = $1 AND session IN (SELECT session FROM top)";
        Tuple args = Tuple.of(ctx.tenant().id(), ctx.period().from().atOffset(ZoneOffset.UTC), ctx.period().to().atOffset(ZoneOffset.UTC), top);
        if (model != null) {
            args.addInteger(model);
        }
        return pool.preparedQuery(sql).execute(args).chain(rows -> views(rows)).map(list -> new SessionList(
                new ReportContextView(ctx.period().from(), ctx.period().to(), ctx.period().zone().getId()),
                list.stream().sorted((a, b) -> b.cost().compareTo(a.cost())).toList()));
    }

    public Uni<SessionView> detail(int tenantId, String session) {
        return dictionary.find(tenantId, Dimension.SESSION, session).chain(id -> pool.preparedQuery(
                        "SELECT " + COLUMNS + " FROM report.session_rollup WHERE tenant_id = $1 AND session = $2")
                .execute(Tuple.of(tenantId, id))
                .chain(this::views)
                .map(list -> {
                    if (list.isEmpty()) {
                        throw ProblemException.notFound("session '" + session + "'");
                    }
                    return list.get(0);
                }));
    }

    private Uni<List<SessionView>> views(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        List<Integer> ids = new ArrayList<>();
        list.forEach(r -> {
            ids.add(r.getInteger("session"));
            ids.add(r.getInteger("model"));
        });
        return dictionary.names(ids).map(names -> {
            java.util.Map<Integer, List<Row>> bySession = new java.util.LinkedHashMap<>();
            list.forEach(r -> bySession.computeIfAbsent(r.getInteger("session"), k -> new ArrayList<>()).add(r));
            List<SessionView> out = new ArrayList<>();
            bySession.forEach((id, parts) -> out.add(view(names.get(id), parts, names)));
            return out;
        });
    }

    static SessionView view(String name, List<Row> parts, java.util.Map<Integer, String> names) {
        Instant start = null;
        Instant end = null;
        long calls = 0;
        long errors = 0;
        long unpriced = 0;
        long[] t = new long[6];
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal[] buckets = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        List<ModelPart> byModel = new ArrayList<>();
        for (Row r : parts) {
            Instant f = r.getOffsetDateTime("first_at").toInstant();
            Instant l = r.getOffsetDateTime("last_at").toInstant();
            start = start == null || f.isBefore(start) ? f : start;
            end = end == null || l.isAfter(end) ? l : end;
            calls += r.getLong("calls");
            errors += r.getLong("errors");
            unpriced += r.getLong("unpriced");
            String[] tc = {"input_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens", "output_tokens", "reasoning_tokens"};
            for (int i = 0; i < 6; i++) {
                t[i] += r.getLong(tc[i]);
            }
            cost = cost.add(r.getBigDecimal("cost"));
            String[] bc = {"input_cost", "cache_read_cost", "cache_write_cost", "output_cost", "other_cost"};
            for (int i = 0; i < 5; i++) {
                buckets[i] = buckets[i].add(r.getBigDecimal(bc[i]));
            }
            byModel.add(new ModelPart(names.get(r.getInteger("model")), r.getLong("calls"), usd(r.getBigDecimal("cost"))));
        }
        byModel.sort((a, b) -> b.cost().compareTo(a.cost()));
        long seconds = Duration.between(start, end).toSeconds();
        // a session shorter than a minute is rated over one minute, so one call is not "per minute" × 60
        BigDecimal minutes = BigDecimal.valueOf(Math.max(seconds, 60)).divide(BigDecimal.valueOf(60), MathContext.DECIMAL64);
        long totalTokens = t[0] + t[1] + t[2] + t[3] + t[4];
        return new SessionView(name, start, end, seconds, byModel.stream().map(ModelPart::model).toList(), calls, errors, unpriced,
                new BucketTokens(t[0], t[1], t[2], t[3], t[4], t[5]), totalTokens, usd(cost),
                new BucketCosts(usd(buckets[0]), usd(buckets[1]), usd(buckets[2]), usd(buckets[3]), usd(buckets[4])),
                usd(calls == 0 ? BigDecimal.ZERO : cost.divide(BigDecimal.valueOf(calls), Money.SCALE, RoundingMode.HALF_EVEN)),
                BigDecimal.valueOf(totalTokens).divide(minutes, 0, RoundingMode.HALF_EVEN).longValue(),
                usd(cost.divide(minutes, Money.SCALE, RoundingMode.HALF_EVEN)), byModel);
    }

    private static Money usd(BigDecimal v) {
        return Money.of(v, "USD");
    }
}
