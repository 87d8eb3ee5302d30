package dev.tokenledger.report.api;

import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.display.CsvWriter;
import dev.tokenledger.report.display.Formats;
import dev.tokenledger.report.period.ReportPeriod;
import dev.tokenledger.report.store.Dimension;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Tenant reports. Every endpoint takes a period ({@code period=today|yesterday|this_week|last_week|
 * this_month|last_month|last_N_days}, or {@code from}/{@code to}), an optional {@code time_zone}
 * (default: the tenant's), filters by any dimension ({@code project=…&model=…}) and answers JSON or,
 * with {@code Accept: text/csv} or {@code format=csv}, CSV.
 */
@Path("/v1/reports")
@RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
@Produces({MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV})
public class ReportResource {

    @Inject
    Clock clock;

    @Inject
    ReportContext context;

    @Inject
    ReportService reports;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    /** Total cost (exact and as shown), tokens per bucket, calls, errors, unpriced calls, provider-reported vs estimated. */
    @GET
    @Path("/summary")
    public Uni<Response> summary(@QueryParam("format") String format) {
        Formats.wantsCsv(format, headers);
        return context.resolve(uri.getQueryParameters()).chain(reports::summary).map(v -> Formats.respond(v, format, headers));
    }

    /** Cost by one or two dimensions ({@code by=project,model}) with share of total; beyond {@code top} groups, one "(other)" row. */
    @GET
    @Path("/breakdown")
    public Uni<Response> breakdown(@QueryParam("by") String by, @QueryParam("top") @DefaultValue("10") int top,
                                   @QueryParam("format") String format) {
        List<Dimension> dims = ReportContext.dimensions(by, 2);
        if (top < 1 || top > 1000) {
            throw ProblemException.validation("/top", "must be between 1 and 1000");
        }
        Formats.wantsCsv(format, headers);
        return context.resolve(uri.getQueryParameters()).chain(ctx -> reports.breakdown(ctx, dims, top))
                .map(v -> Formats.respond(v, format, headers));
    }

    /** Cost per hour, day, week or month of the period in its time zone; every bucket listed, empty ones as zero. */
    @GET
    @Path("/timeseries")
    public Uni<Response> timeseries(@QueryParam("granularity") @DefaultValue("day") String granularity,
                                    @QueryParam("format") String format) {
        if (!List.of("hour", "day", "week", "month").contains(granularity)) {
            throw ProblemException.validation("/granularity", "must be hour, day, week or month");
        }
        Formats.wantsCsv(format, headers);
        return context.resolve(uri.getQueryParameters()).chain(ctx -> reports.series(ctx, granularity))
                .map(v -> Formats.respond(v, format, headers));
    }

    /** Cost by local hour of the day and by day of the week. */
    @GET
    @Path("/patterns")
    public Uni<Response> patterns(@QueryParam("format") String format) {
        Formats.wantsCsv(format, headers);
        return context.resolve(uri.getQueryParameters()).chain(reports::patterns).map(v -> Formats.respond(v, format, headers));
    }

    /**
     * Two summaries side by side: the period against another ({@code against=last_month}; default the
     * same length just before), or two values of a dimension in the period
     * ({@code dimension=project&a=backend-api&b=frontend}).
     */
    @GET
    @Path("/compare")
    public Uni<Response> compare(@QueryParam("against") String against, @QueryParam("dimension") String dimension,
                                 @QueryParam("a") String a, @QueryParam("b") String b, @QueryParam("format") String format) {
        Formats.wantsCsv(format, headers);
        if (dimension != null) {
            Dimension d = ReportContext.dimensions(dimension, 1).get(0);
            if (a == null || b == null || a.isBlank() || b.isBlank()) {
                throw ProblemException.validation(a == null || a.isBlank() ? "/a" : "/b", "name the two values to compare");
            }
            return context.resolve(uri.getQueryParameters()).chain(ctx -> {
                Map<Dimension, String> namesA = new EnumMap<>(ctx.filterNames());
                namesA.put(d, a);
                Map<Dimension, String> namesB = new EnumMap<>(ctx.filterNames());
                namesB.put(d, b);
                return context.resolveFilters(ctx.tenant().id(), namesA).chain(fa -> context.resolveFilters(ctx.tenant().id(), namesB)
                        .chain(fb -> reports.summary(ctx, ctx.period(), fa, view(namesA))
                                .chain(sa -> reports.summary(ctx, ctx.period(), fb, view(namesB)).map(sb -> ReportService.compare(sa, sb)))));
            }).map(v -> Formats.respond(v, format, headers));
        }
        return context.resolve(uri.getQueryParameters()).chain(ctx -> {
            ReportPeriod other;
            if (against == null) {
                other = ctx.period().previous();
            } else {
                try {
                    other = ReportPeriod.resolve(against, null, null, ctx.period().zone(), clock.instant());
                } catch (ReportPeriod.InvalidPeriod e) {
                    throw ProblemException.validation("/against", e.getMessage());
                }
            }
            return reports.summary(ctx, other, ctx.filters(), ctx.filterView())
                    .chain(sa -> reports.summary(ctx).map(sb -> ReportService.compare(sa, sb)));
        }).map(v -> Formats.respond(v, format, headers));
    }

    private static Map<String, String> view(Map<Dimension, String> names) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        names.forEach((d, v) -> out.put(d.apiName(), v));
        return out;
    }
}
