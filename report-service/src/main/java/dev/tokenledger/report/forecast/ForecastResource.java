package dev.tokenledger.report.forecast;

import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.report.api.ReportContext;
import dev.tokenledger.report.api.ReportService;
import dev.tokenledger.report.period.ReportPeriod;
import dev.tokenledger.report.query.ReportQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/reports/forecast}: burn rate (trailing 7 complete days), month-end projection,
 * next-month forecast with its method and an 80 % interval, and a backtest of that method on the
 * last 120 days held. Filters by dimension apply; days follow the tenant's time zone.
 */
@Path("/v1/reports/forecast")
@RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {

    @Inject
    Clock clock;

    static final int HISTORY_DAYS = 120;

    public record ForecastView(String timeZone, Instant asOf, Map<String, String> filters, Money burnRatePerDay, int burnDays,
                               Money monthToDate, BigDecimal remainingDays, Money monthEndProjection, IntervalView monthEndInterval,
                               List<DayView> dailyForecast, NextMonthView nextMonth, Forecaster.Backtest backtest) {
    }

    public record IntervalView(Money low, Money high, int confidencePercent) {
    }

    /** A day after today in this month: the burn rate and its 80 % interval (a chart's forecast band). */
    public record DayView(LocalDate date, Money expected, Money low, Money high) {
    }

    public record NextMonthView(String month, String method, int trainingDays, Money expected, Money low, Money high,
                                int confidencePercent) {
    }

    @Inject
    ReportContext context;

    @Inject
    ReportService reports;

    @Inject
    ReportQueries queries;

    @Context
    UriInfo uri;

    @GET
    public Uni<ForecastView> forecast() {
        Instant now = clock.instant();
        return context.resolve(uri.getQueryParameters()).chain(ctx -> {
            ZoneId zone = ctx.period().zone();
            LocalDate today = now.atZone(zone).toLocalDate();
            ReportPeriod history = new ReportPeriod(today.minusDays(HISTORY_DAYS).atStartOfDay(zone).toInstant(),
                    today.atStartOfDay(zone).toInstant(), zone, "last_" + HISTORY_DAYS + "_complete_days");
            Instant monthStart = today.withDayOfMonth(1).atStartOfDay(zone).toInstant();
            Instant nextMonthStart = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant();
            ReportPeriod monthToDate = new ReportPeriod(monthStart, now, zone, "month_to_date");
            var historyCtx = new ReportContext.Resolved(ctx.tenant(), history, ctx.filterNames(), ctx.filters());
            return reports.series(historyCtx, "day").chain(series -> queries.totals(ctx.tenant().id(), monthToDate, ctx.filters())
                    .map(mtd -> {
                        List<BigDecimal> days = series.points().stream().map(p -> p.cost().amount()).toList();
                        // the first day with any cost starts the history: days before a tenant existed are not "$0 days"
                        int first = 0;
                        while (first < days.size() && days.get(first).signum() == 0) {
                            first++;
                        }
                        List<BigDecimal> held = days.subList(first, days.size());
                        BigDecimal remaining = BigDecimal.valueOf(Duration.between(now, nextMonthStart).toSeconds())
                                .divide(BigDecimal.valueOf(86_400), new MathContext(6));
                        var p = Forecaster.project(held, mtd.cost().amount(), remaining);
                        var next = Forecaster.nextMonth(held, YearMonth.from(today).plusMonths(1));
                        var monthEnd = Forecaster.monthEnd(held, p);
                        var day = Forecaster.day(held, p);
                        List<DayView> ahead = today.plusDays(1).datesUntil(today.withDayOfMonth(1).plusMonths(1))
                                .map(d -> new DayView(d, usd(day.expected()), usd(day.low()), usd(day.high()))).toList();
                        return new ForecastView(zone.getId(), now, ctx.filterView(), usd(p.burnRatePerDay()), p.burnDays(),
                                usd(p.monthToDate()), remaining, usd(p.monthEndProjection()),
                                new IntervalView(usd(monthEnd.low()), usd(monthEnd.high()), 80), ahead,
                                new NextMonthView(next.month().toString(), next.method(), next.trainingDays(), usd(next.expected()),
                                        usd(next.low()), usd(next.high()), next.confidencePercent()),
                                Forecaster.backtest(held));
                    }));
        });
    }

    private static Money usd(BigDecimal v) {
        // a mean can carry more places than money keeps: rounded to Money.SCALE, never fewer
        return Money.of(v.scale() > Money.SCALE ? v.setScale(Money.SCALE, java.math.RoundingMode.HALF_EVEN) : v, "USD");
    }
}
