package dev.tokenledger.report.api;

import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.display.CsvWriter;
import dev.tokenledger.report.query.EventPages;
import dev.tokenledger.report.query.Totals;
import dev.tokenledger.report.store.Dimension;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Raw priced events of the caller's tenant: a filtered listing with cursor paging, and streaming
 * exports of any range (CSV or NDJSON) read a page at a time, never the whole range in memory.
 * Without period/from/to the range is the last 90 days (the default retention).
 */
@RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
@Path("/v1")
public class UsageEventResource {

    static final int EXPORT_PAGE = 2_000;

    @Inject
    ReportContext context;

    @Inject
    EventPages pages;

    @Context
    UriInfo uri;

    public record EventView(String eventId, Instant occurredAt, String provider, String model, String operation, String status,
                            String project, String environment, String user, String customer, String feature, String agent,
                            String session, String apiKey, ReportViews.TokensView tokens, String pricingStatus, Money cost,
                            Money reportedCost, int revision) {

        static EventView of(EventPages.Event e) {
            Totals.Tokens t = e.tokens();
            return new EventView(e.eventId(), e.occurredAt(), e.names().get(Dimension.PROVIDER), e.names().get(Dimension.MODEL),
                    e.names().get(Dimension.OPERATION), e.status(), e.names().get(Dimension.PROJECT), e.names().get(Dimension.ENVIRONMENT),
                    e.names().get(Dimension.USER), e.names().get(Dimension.CUSTOMER), e.names().get(Dimension.FEATURE),
                    e.names().get(Dimension.AGENT), e.names().get(Dimension.SESSION), e.names().get(Dimension.API_KEY),
                    ReportViews.TokensView.of(t), e.pricingStatus(), e.cost(), e.reportedCost(), e.revision());
        }
    }

    public record EventList(List<EventView> items, String nextCursor) {
    }

    /** Newest first; {@code next_cursor} fetches the following page. */
    @GET
    @Path("/usage-events")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<EventList> list(@QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.validation("/limit", "must be between 1 and 1000");
        }
        return context.resolve(withDefaultRange(uri.getQueryParameters()))
                .chain(ctx -> pages.page(ctx.tenant().id(), ctx.period(), ctx.filters(), cursor, limit, true))
                .map(p -> new EventList(p.events().stream().map(EventView::of).toList(), p.nextCursor()));
    }

    /** Every event of the range as CSV, oldest first, streamed. */
    @GET
    @Path("/exports/usage-events.csv")
    @Produces(CsvWriter.TEXT_CSV)
    public Multi<String> exportCsv() {
        StringBuilder header = new StringBuilder();
        CsvWriter.line(header, CSV_HEADER);
        Multi<String> pagesOfLines = export().map(page -> {
            StringBuilder chunk = new StringBuilder();
            page.forEach(e -> CsvWriter.line(chunk, csvRow(e)));
            return chunk.toString();
        }).filter(s -> !s.isEmpty());
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(header.toString()), pagesOfLines);
    }

    /** Every event of the range as newline-delimited JSON (one event per line), oldest first, streamed. */
    @GET
    @Path("/exports/usage-events.ndjson")
    @Produces("application/x-ndjson")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<EventView> exportNdjson() {
        return export().onItem().<EventPages.Event>disjoint().map(EventView::of);
    }

    /** The range's events a page at a time, oldest first. */
    private Multi<List<EventPages.Event>> export() {
        MultivaluedMap<String, String> query = withDefaultRange(uri.getQueryParameters());
        return context.resolve(query).toMulti().flatMap(ctx -> {
            AtomicReference<String> cursor = new AtomicReference<>();
            Multi<EventPages.Page> all = Multi.createBy().repeating()
                    .uni(() -> pages.page(ctx.tenant().id(), ctx.period(), ctx.filters(), cursor.get(), EXPORT_PAGE, false)
                            .invoke(p -> cursor.set(p.nextCursor())))
                    .whilst(p -> p.nextCursor() != null);
            return all.map(EventPages.Page::events);
        });
    }

    static final List<String> CSV_HEADER = List.of("event_id", "occurred_at", "provider", "model", "operation", "status", "project",
            "environment", "user", "customer", "feature", "agent", "session", "api_key", "input_tokens", "cache_read_tokens",
            "cache_write_tokens", "cache_write_1h_tokens", "output_tokens", "reasoning_tokens", "pricing_status", "cost", "currency",
            "reported_cost", "revision");

    private static List<String> csvRow(EventPages.Event e) {
        List<String> row = new ArrayList<>(List.of(e.eventId(), e.occurredAt().toString()));
        for (Dimension d : List.of(Dimension.PROVIDER, Dimension.MODEL, Dimension.OPERATION)) {
            row.add(e.names().get(d));
        }
        row.add(e.status());
        for (Dimension d : List.of(Dimension.PROJECT, Dimension.ENVIRONMENT, Dimension.USER, Dimension.CUSTOMER, Dimension.FEATURE,
                Dimension.AGENT, Dimension.SESSION, Dimension.API_KEY)) {
            row.add(e.names().get(d));
        }
        Totals.Tokens t = e.tokens();
        for (long v : new long[] {t.input(), t.cacheRead(), t.cacheWrite(), t.cacheWrite1h(), t.output(), t.reasoning()}) {
            row.add(String.valueOf(v));
        }
        row.add(e.pricingStatus());
        row.add(e.cost() == null ? null : e.cost().amount().toPlainString());
        row.add(e.cost() == null ? null : e.cost().currency());
        row.add(e.reportedCost() == null ? null : e.reportedCost().amount().toPlainString());
        row.add(String.valueOf(e.revision()));
        return row;
    }

    private static MultivaluedMap<String, String> withDefaultRange(MultivaluedMap<String, String> query) {
        if (query.containsKey("period") || query.containsKey("from") || query.containsKey("to")) {
            return query;
        }
        var copy = new jakarta.ws.rs.core.MultivaluedHashMap<String, String>(query);
        copy.putSingle("period", "last_90_days");
        return copy;
    }
}
