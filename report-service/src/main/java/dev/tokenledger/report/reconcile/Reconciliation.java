package dev.tokenledger.report.reconcile;

import dev.tokenledger.common.money.Money;
import dev.tokenledger.report.api.ReportContext;
import dev.tokenledger.report.display.CsvTable;
import dev.tokenledger.report.query.ReportQueries;
import dev.tokenledger.report.store.Dimension;
import dev.tokenledger.report.store.DimensionDictionary;
import dev.tokenledger.report.store.TenantDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Imported provider bills (table {@code provider_bill}) and their comparison with tracked cost per day and model. */
@ApplicationScoped
public class Reconciliation {

    public record ImportResult(int imported, LocalDate firstDay, LocalDate lastDay) {
    }

    public record Row(LocalDate day, String provider, String model, Money billed, Money tracked, Money difference, String differencePercent,
                      long trackedCalls, long unpricedCalls) {
    }

    public record Report(String from, String to, String timeZone, Money billedTotal, Money trackedTotal, Money difference,
                         List<Row> rows) implements CsvTable {
        @Override
        public List<String> csvHeader() {
            return List.of("day", "provider", "model", "billed", "tracked", "difference", "difference_percent", "tracked_calls", "unpriced_calls");
        }

        @Override
        public List<List<String>> csvRows() {
            return rows.stream().map(r -> java.util.Arrays.asList(r.day().toString(), r.provider(), r.model(),
                    r.billed() == null ? null : r.billed().amount().toPlainString(), r.tracked().amount().toPlainString(),
                    r.difference() == null ? null : r.difference().amount().toPlainString(), r.differencePercent(),
                    String.valueOf(r.trackedCalls()), String.valueOf(r.unpricedCalls()))).toList();
        }
    }

    @Inject
    TenantDirectory tenants;

    @Inject
    ReportQueries queries;

    @Inject
    DimensionDictionary dictionary;

    @Inject
    Pool pool;

    /** Stores a validated import; a corrected report replaces the lines it repeats. */
    public Uni<ImportResult> importLines(String tenant, String by, List<ProviderBills.Line> lines) {
        return tenants.tenant(tenant).chain(t -> {
            List<Tuple> rows = lines.stream().map(l -> Tuple.from(List.of(t.id(), l.day(), l.provider(), l.model(), l.amount(), l.currency(), by)))
                    .toList();
            // a corrected report replaces the lines it repeats
            return pool.withTransaction(c -> c.preparedQuery("""
                    INSERT INTO report.provider_bill (tenant_id, day, provider, model, amount, currency, imported_at, imported_by)
                    VALUES ($1, $2, $3, $4, $5, $6, now(), $7)
                    ON CONFLICT (tenant_id, day, provider, model) DO UPDATE
                      SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, imported_at = now(), imported_by = EXCLUDED.imported_by""")
                    .executeBatch(rows));
        }).map(x -> new ImportResult(lines.size(), lines.stream().map(ProviderBills.Line::day).min(LocalDate::compareTo).orElseThrow(),
                lines.stream().map(ProviderBills.Line::day).max(LocalDate::compareTo).orElseThrow()));
    }

    public Uni<Report> report(ReportContext.Resolved ctx) {
        LocalDate first = ctx.period().from().atZone(ctx.period().zone()).toLocalDate();
        LocalDate end = ctx.period().to().atZone(ctx.period().zone()).toLocalDate();
        return queries.dailyGroups(ctx.tenant().id(), ctx.period(), ctx.filters(), List.of(Dimension.PROVIDER, Dimension.MODEL))
                .chain(groups -> dictionary.names(groups.stream().flatMap(g -> g.keys().stream()).toList()).chain(names ->
                        pool.preparedQuery("SELECT day, provider, model, amount FROM report.provider_bill WHERE tenant_id = $1"
                                        + " AND day >= $2 AND day < $3")
                                .execute(Tuple.of(ctx.tenant().id(), first, end.equals(first) ? end.plusDays(1) : end))
                                .map(bills -> {
                                    Map<String, Row> rows = new TreeMap<>();
                                    for (ReportQueries.DayGroup g : groups) {
                                        String provider = names.get(g.keys().get(0));
                                        String model = names.get(g.keys().get(1));
                                        rows.put(g.day() + "|" + provider + "|" + model, new Row(g.day(), provider, model, null, g.totals().cost(),
                                                null, null, g.totals().calls(), g.totals().unpriced()));
                                    }
                                    bills.forEach(b -> {
                                        String key = b.getLocalDate(0) + "|" + b.getString(1) + "|" + b.getString(2);
                                        Row tracked = rows.get(key);
                                        rows.put(key, compared(b.getLocalDate(0), b.getString(1), b.getString(2),
                                                Money.of(b.getBigDecimal(3), "USD"), tracked));
                                    });
                                    return report(ctx, new ArrayList<>(rows.values()));
                                })));
    }

    private static Row compared(LocalDate day, String provider, String model, Money billed, Row tracked) {
        Money t = tracked == null ? Money.zero("USD") : tracked.tracked();
        Money diff = billed.minus(t);
        String percent = billed.amount().signum() == 0 ? null
                : diff.amount().multiply(BigDecimal.valueOf(100)).divide(billed.amount(), MathContext.DECIMAL64)
                .setScale(2, RoundingMode.HALF_UP).toPlainString();
        return new Row(day, provider, model, billed, t, diff, percent, tracked == null ? 0 : tracked.trackedCalls(),
                tracked == null ? 0 : tracked.unpricedCalls());
    }

    private static Report report(ReportContext.Resolved ctx, List<Row> rows) {
        Money billed = rows.stream().map(Row::billed).filter(java.util.Objects::nonNull).reduce(Money.zero("USD"), Money::plus);
        Money tracked = rows.stream().map(Row::tracked).reduce(Money.zero("USD"), Money::plus);
        return new Report(ctx.period().from().toString(), ctx.period().to().toString(), ctx.period().zone().getId(), billed, tracked,
                billed.minus(tracked), rows);
    }
}
