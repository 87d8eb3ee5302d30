package dev.tokenledger.report.api;

import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.api.ReportViews.BreakdownView;
import dev.tokenledger.report.api.ReportViews.GroupView;
import dev.tokenledger.report.api.ReportViews.PatternView;
import dev.tokenledger.report.api.ReportViews.PatternsView;
import dev.tokenledger.report.api.ReportViews.PeriodView;
import dev.tokenledger.report.api.ReportViews.PointView;
import dev.tokenledger.report.api.ReportViews.SeriesView;
import dev.tokenledger.report.api.ReportViews.SummaryView;
import dev.tokenledger.report.display.LargestRemainder;
import dev.tokenledger.report.period.ReportPeriod;
import dev.tokenledger.report.query.ReportQueries;
import dev.tokenledger.report.query.Totals;
import dev.tokenledger.report.store.Dimension;
import dev.tokenledger.report.store.DimensionDictionary;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the report views: totals from {@link ReportQueries}, names from the dictionary, display rounding that adds up. */
@ApplicationScoped
public class ReportService {

    static final String NONE = "(none)";
    static final String OTHER = "(other)";
    static final int MAX_POINTS = 10_000;

    @Inject
    ReportQueries queries;

    @Inject
    DimensionDictionary dictionary;

    public Uni<SummaryView> summary(ReportContext.Resolved ctx) {
        return queries.totals(ctx.tenant().id(), ctx.period(), ctx.filters())
                .map(t -> SummaryView.of(ctx.period(), ctx.filterView(), t));
    }

    public Uni<SummaryView> summary(ReportContext.Resolved ctx, ReportPeriod period, Map<Dimension, Integer> filters,
                                    Map<String, String> filterView) {
        return queries.totals(ctx.tenant().id(), period, filters).map(t -> SummaryView.of(period, filterView, t));
    }

    public Uni<BreakdownView> breakdown(ReportContext.Resolved ctx, List<Dimension> by, int top) {
        return queries.topGroups(ctx.tenant().id(), ctx.period(), ctx.filters(), by, top).chain(ranked -> {
            List<Integer> ids = ranked.shown().stream().flatMap(g -> g.keys().stream()).toList();
            return dictionary.names(ids).map(names -> breakdownView(ctx, by, ranked, names));
        });
    }

    private static BreakdownView breakdownView(ReportContext.Resolved ctx, List<Dimension> by, ReportQueries.Ranked ranked,
                                               Map<Integer, String> names) {
        List<Map<String, String>> keys = new ArrayList<>();
        List<Totals> totals = new ArrayList<>();
        List<Long> merged = new ArrayList<>();
        for (ReportQueries.Group g : ranked.shown()) {
            Map<String, String> key = new LinkedHashMap<>();
            for (int d = 0; d < by.size(); d++) {
                Integer id = g.keys().get(d);
                key.put(by.get(d).apiName(), id == null || id == DimensionDictionary.NONE ? NONE : names.getOrDefault(id, "?"));
            }
            keys.add(key);
            totals.add(g.totals());
            merged.add(1L);
        }
        if (ranked.rest() != null) {
            Map<String, String> key = new LinkedHashMap<>();
            by.forEach(d -> key.put(d.apiName(), OTHER));
            keys.add(key);
            totals.add(ranked.rest());
            merged.add(ranked.restGroups());
        }
        List<BigDecimal> costs = totals.stream().map(t -> t.cost().amount()).toList();
        List<BigDecimal> shown = LargestRemainder.round(costs, 2);
        List<BigDecimal> shares = LargestRemainder.percentShares(costs, 1);
        List<GroupView> views = new ArrayList<>();
        for (int i = 0; i < totals.size(); i++) {
            Totals t = totals.get(i);
            views.add(new GroupView(keys.get(i), t.cost(), shown.get(i).toPlainString(), shares.get(i).toPlainString(), t.calls(),
                    t.errors(), t.unpriced(), t.tokens().total(), merged.get(i)));
        }
        BigDecimal total = costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new BreakdownView(PeriodView.of(ctx.period()), ctx.filterView(), by.stream().map(Dimension::apiName).toList(),
                Money.of(total, "USD"), ReportViews.display(total), ranked.shown().size() + ranked.restGroups(), views);
    }

    public Uni<SeriesView> series(ReportContext.Resolved ctx, String granularity) {
        List<Instant> starts = bucketStarts(ctx.period(), granularity);
        return queries.series(ctx.tenant().id(), ctx.period(), ctx.filters(), granularity).map(buckets -> {
            Map<Instant, Totals> byStart = new HashMap<>();
            buckets.forEach(b -> byStart.put(b.start(), b.totals()));
            List<Totals> totals = starts.stream().map(s -> byStart.getOrDefault(s, Totals.zero())).toList();
            List<BigDecimal> costs = totals.stream().map(t -> t.cost().amount()).toList();
            List<BigDecimal> shown = LargestRemainder.round(costs, 2);
            List<PointView> points = new ArrayList<>();
            for (int i = 0; i < starts.size(); i++) {
                Totals t = totals.get(i);
                points.add(new PointView(starts.get(i), starts.get(i).atZone(ctx.period().zone()).toOffsetDateTime(), t.cost(), shown.get(i).toPlainString(), t.calls(), t.unpriced(), t.tokens().total()));
            }
            BigDecimal total = costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            return new SeriesView(PeriodView.of(ctx.period()), ctx.filterView(), granularity, Money.of(total, "USD"),
                    ReportViews.display(total), points);
        });
    }

    /** Every bucket start of the period at the granularity, in its time zone (empty buckets are shown as zero). */
    static List<Instant> bucketStarts(ReportPeriod p, String granularity) {
        ZonedDateTime t = p.from().atZone(p.zone());
        t = switch (granularity) {
            case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
            case "day" -> t.toLocalDate().atStartOfDay(p.zone());
            case "week" -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(p.zone());
            case "month" -> t.toLocalDate().withDayOfMonth(1).atStartOfDay(p.zone());
            default -> throw ProblemException.validation("/granularity", "must be hour, day, week or month");
        };
        List<Instant> out = new ArrayList<>();
        while (t.toInstant().isBefore(p.to())) {
            out.add(t.toInstant());
            if (out.size() > MAX_POINTS) {
                throw ProblemException.validation("/granularity", "more than " + MAX_POINTS + " points; use a coarser granularity");
            }
            t = switch (granularity) {
                case "hour" -> t.plusHours(1);
                case "day" -> t.toLocalDate().plusDays(1).atStartOfDay(p.zone());
                case "week" -> t.toLocalDate().plusWeeks(1).atStartOfDay(p.zone());
                default -> t.toLocalDate().plusMonths(1).atStartOfDay(p.zone());
            };
        }
        return out;
    }

    public Uni<PatternsView> patterns(ReportContext.Resolved ctx) {
        return queries.patterns(ctx.tenant().id(), ctx.period(), ctx.filters()).map(cells -> {
            Totals[] hours = new Totals[24];
            Totals[] days = new Totals[7];
            java.util.Arrays.fill(hours, Totals.zero());
            java.util.Arrays.fill(days, Totals.zero());
            for (ReportQueries.PatternCell c : cells) {
                hours[c.hourOfDay()] = plus(hours[c.hourOfDay()], c.totals());
                days[c.dayOfWeek() - 1] = plus(days[c.dayOfWeek() - 1], c.totals());
            }
            List<PatternView> byHour = pattern(List.of(hours), h -> String.format("%02d:00", h));
            List<PatternView> byDay = pattern(List.of(days), d -> DayOfWeek.of(d + 1).getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            BigDecimal total = java.util.Arrays.stream(days).map(t -> t.cost().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
            return new PatternsView(PeriodView.of(ctx.period()), ctx.filterView(), Money.of(total, "USD"), byHour, byDay);
        });
    }

    private static List<PatternView> pattern(List<Totals> slots, java.util.function.IntFunction<String> name) {
        List<BigDecimal> shares = LargestRemainder.percentShares(slots.stream().map(t -> t.cost().amount()).toList(), 1);
        List<PatternView> out = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            out.add(new PatternView(i, name.apply(i), slots.get(i).cost(), shares.get(i).toPlainString(), slots.get(i).calls()));
        }
        return out;
    }

    public static ReportViews.CompareView compare(SummaryView a, SummaryView b) {
        BigDecimal diff = b.total().amount().subtract(a.total().amount());
        String change = a.total().amount().signum() == 0 ? null
                : diff.multiply(BigDecimal.valueOf(100)).divide(a.total().amount(), MathContext.DECIMAL64)
                .setScale(1, RoundingMode.HALF_UP).toPlainString();
        return new ReportViews.CompareView(a, b, Money.of(diff, "USD"), change);
    }

    static Totals plus(Totals a, Totals b) {
        Totals.Tokens ta = a.tokens();
        Totals.Tokens tb = b.tokens();
        var ra = a.reportedVsEstimated();
        var rb = b.reportedVsEstimated();
        return new Totals(a.calls() + b.calls(), a.errors() + b.errors(), a.unpriced() + b.unpriced(),
                new Totals.Tokens(ta.input() + tb.input(), ta.cacheRead() + tb.cacheRead(), ta.cacheWrite() + tb.cacheWrite(),
                        ta.cacheWrite1h() + tb.cacheWrite1h(), ta.output() + tb.output(), ta.reasoning() + tb.reasoning()),
                a.cost().plus(b.cost()), a.estimatedCost().plus(b.estimatedCost()),
                new Totals.ReportedVsEstimated(ra.calls() + rb.calls(), ra.reported().plus(rb.reported()),
                        ra.estimated().plus(rb.estimated()), ra.difference().plus(rb.difference())));
    }
}
