package dev.tokenledger.report.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.report.display.CsvTable;
import dev.tokenledger.report.period.ReportPeriod;
import dev.tokenledger.report.query.Totals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON (and CSV) shapes of the reports. Exact money beside the rounded figures shown. */
public final class ReportViews {

    private ReportViews() {
    }

    public record PeriodView(Instant from, Instant to, String timeZone, String label) {
        static PeriodView of(ReportPeriod p) {
            return new PeriodView(p.from(), p.to(), p.zone().getId(), p.label());
        }
    }

    public record TokensView(long input, long cacheRead, long cacheWrite, @JsonProperty("cache_write_1h") long cacheWrite1h, long output,
                             long reasoning, long total) {
        static TokensView of(Totals.Tokens t) {
            return new TokensView(t.input(), t.cacheRead(), t.cacheWrite(), t.cacheWrite1h(), t.output(), t.reasoning(), t.total());
        }
    }

    public record SummaryView(PeriodView period, Map<String, String> filters, Money total, String totalDisplay, Money estimatedTotal,
                              long calls, long errors, long unpricedCalls, TokensView tokens,
                              Totals.ReportedVsEstimated reportedVsEstimated) implements CsvTable {

        static SummaryView of(ReportPeriod p, Map<String, String> filters, Totals t) {
            return new SummaryView(PeriodView.of(p), filters, t.cost(), display(t.cost().amount()), t.estimatedCost(), t.calls(),
                    t.errors(), t.unpriced(), TokensView.of(t.tokens()), t.reportedVsEstimated());
        }

        @Override
        public List<String> csvHeader() {
            return List.of("from", "to", "time_zone", "total", "estimated_total", "calls", "errors", "unpriced_calls",
                    "input_tokens", "cache_read_tokens", "cache_write_tokens", "cache_write_1h_tokens", "output_tokens",
                    "reasoning_tokens", "reported_cost", "estimate_of_reported", "reported_difference");
        }

        @Override
        public List<List<String>> csvRows() {
            return List.of(List.of(period.from().toString(), period.to().toString(), period.timeZone(), total.amount().toPlainString(),
                    estimatedTotal.amount().toPlainString(), String.valueOf(calls), String.valueOf(errors), String.valueOf(unpricedCalls),
                    String.valueOf(tokens.input()), String.valueOf(tokens.cacheRead()), String.valueOf(tokens.cacheWrite()),
                    String.valueOf(tokens.cacheWrite1h()), String.valueOf(tokens.output()), String.valueOf(tokens.reasoning()),
                    reportedVsEstimated.reported().amount().toPlainString(), reportedVsEstimated.estimated().amount().toPlainString(),
                    reportedVsEstimated.difference().amount().toPlainString()));
        }
    }

    public record GroupView(Map<String, String> key, Money cost, String costDisplay, String sharePercent, long calls, long errors,
                            long unpricedCalls, long tokens, long groupsMerged) {
    }

    public record BreakdownView(PeriodView period, Map<String, String> filters, List<String> by, Money total, String totalDisplay,
                                long groupCount, List<GroupView> groups) implements CsvTable {
        @Override
        public List<String> csvHeader() {
            List<String> h = new ArrayList<>(by);
            h.addAll(List.of("cost", "cost_display", "share_percent", "calls", "errors", "unpriced_calls", "tokens"));
            return h;
        }

        @Override
        public List<List<String>> csvRows() {
            return groups.stream().map(g -> {
                List<String> row = new ArrayList<>();
                by.forEach(d -> row.add(g.key().get(d)));
                row.addAll(List.of(g.cost().amount().toPlainString(), g.costDisplay(), g.sharePercent(), String.valueOf(g.calls()),
                        String.valueOf(g.errors()), String.valueOf(g.unpricedCalls()), String.valueOf(g.tokens())));
                return row;
            }).toList();
        }
    }

    /** One bucket: {@code start} as an instant, and {@code local_start} the same instant in the period's time zone (a day's date as the tenant reads it). */
    public record PointView(Instant start, OffsetDateTime localStart, Money cost, String costDisplay, long calls, long unpricedCalls, long tokens) {
    }

    public record SeriesView(PeriodView period, Map<String, String> filters, String granularity, Money total, String totalDisplay,
                             List<PointView> points) implements CsvTable {
        @Override
        public List<String> csvHeader() {
            return List.of("start", "cost", "cost_display", "calls", "unpriced_calls", "tokens");
        }

        @Override
        public List<List<String>> csvRows() {
            return points.stream().map(p -> List.of(p.start().toString(), p.cost().amount().toPlainString(), p.costDisplay(),
                    String.valueOf(p.calls()), String.valueOf(p.unpricedCalls()), String.valueOf(p.tokens()))).toList();
        }
    }

    public record PatternView(int slot, String name, Money cost, String sharePercent, long calls) {
    }

    public record PatternsView(PeriodView period, Map<String, String> filters, Money total, List<PatternView> byHourOfDay,
                               List<PatternView> byDayOfWeek) implements CsvTable {
        @Override
        public List<String> csvHeader() {
            return List.of("pattern", "slot", "name", "cost", "share_percent", "calls");
        }

        @Override
        public List<List<String>> csvRows() {
            List<List<String>> rows = new ArrayList<>();
            byHourOfDay.forEach(p -> rows.add(List.of("hour_of_day", String.valueOf(p.slot()), p.name(), p.cost().amount().toPlainString(),
                    p.sharePercent(), String.valueOf(p.calls()))));
            byDayOfWeek.forEach(p -> rows.add(List.of("day_of_week", String.valueOf(p.slot()), p.name(), p.cost().amount().toPlainString(),
                    p.sharePercent(), String.valueOf(p.calls()))));
            return rows;
        }
    }

    public record CompareView(SummaryView a, SummaryView b, Money difference, String changePercent) implements CsvTable {
        @Override
        public List<String> csvHeader() {
            List<String> h = new ArrayList<>(List.of("side", "label"));
            h.addAll(a.csvHeader());
            return h;
        }

        @Override
        public List<List<String>> csvRows() {
            List<String> ra = new ArrayList<>(List.of("a", a.period().label() + " " + a.filters()));
            ra.addAll(a.csvRows().get(0));
            List<String> rb = new ArrayList<>(List.of("b", b.period().label() + " " + b.filters()));
            rb.addAll(b.csvRows().get(0));
            return List.of(ra, rb);
        }
    }

    /** Money as shown: rounded half-up to cents. */
    static String display(BigDecimal amount) {
        return amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
