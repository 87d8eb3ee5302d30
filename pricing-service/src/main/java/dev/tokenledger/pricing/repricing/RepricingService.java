package dev.tokenledger.pricing.repricing;

import dev.tokenledger.pricing.pricer.OffTheEventLoop;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.pricing.pricer.PriceBook;
import dev.tokenledger.pricing.pricer.PriceBookHolder;
import dev.tokenledger.pricing.pricer.PricingPipeline;
import dev.tokenledger.pricing.pricer.UsagePricer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An explicit, audited re-pricing of events that were published unpriced: each one a price now
 * exists for is priced with the entry in force at its {@code occurred_at} and published again on
 * usage.priced with the next revision and the run's id (consumers replace the older revision).
 * The run records who started it, why, with which catalogue version, and what it did.
 */
@ApplicationScoped
public class RepricingService {

    static final int PAGE = 500;

    @Inject
    Pool pool;

    @Inject
    PriceBookHolder books;

    @Inject
    PricingPipeline pipeline;

    private final UsagePricer pricer = new UsagePricer(Clock.systemUTC());

    public record Run(long id, String tenant, String author, String reason, long catalogueVersion, Instant startedAt, Instant finishedAt,
                      int examined, int repriced, int stillUnpriced) {
    }

    private record Cursor(String tenant, String eventId) {
    }

    private static final class Counts {
        int examined;
        int repriced;
    }

    /** Runs to completion; {@code tenant} null means every tenant (platform admins only). */
    public Uni<Run> run(String tenant, String author, String reason, int limit) {
        return books.book().chain(book -> pool.preparedQuery("INSERT INTO pricing.repricing_run (tenant_id, author, reason, catalogue_version)"
                        + " VALUES ($1, $2, $3, $4) RETURNING id").execute(Tuple.from(Arrays.asList(tenant, author, reason, book.version())))
                .map(rows -> rows.iterator().next().getLong(0))
                .chain(runId -> {
                    Counts counts = new Counts();
                    return page(runId, tenant, book, new Cursor("", ""), counts, limit)
                            .chain(() -> pool.preparedQuery("UPDATE pricing.repricing_run SET finished_at = now(), examined = $2, repriced = $3,"
                                            + " still_unpriced = $4 WHERE id = $1")
                                    .execute(Tuple.of(runId, counts.examined, counts.repriced, counts.examined - counts.repriced)))
                            .chain(() -> find(runId, tenant));
                }));
    }

    /** One page priced again: what to publish, the rows to update, where the next page starts. */
    private record Repriced(List<UsagePriced> adjustments, List<Tuple> updates, Cursor last) {
    }

    private Uni<Void> page(long runId, String tenant, PriceBook book, Cursor after, Counts counts, int limit) {
        if (counts.examined >= limit) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("SELECT tenant_id, event_id, revision, unpriced_event::text FROM pricing.priced_event"
                        + " WHERE status = 'UNPRICED' AND ($1::text IS NULL OR tenant_id = $1) AND (tenant_id, event_id) > ($2, $3)"
                        + " ORDER BY tenant_id, event_id LIMIT $4")
                .execute(Tuple.from(Arrays.asList(tenant, after.tenant(), after.eventId(), PAGE)))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().voidItem() : OffTheEventLoop.compute(() -> {
                    List<UsagePriced> adjustments = new ArrayList<>();
                    List<Tuple> updates = new ArrayList<>();
                    Cursor last = after;
                    for (Row r : rows) {
                        last = new Cursor(r.getString(0), r.getString(1));
                        counts.examined++;
                        UsageRecorded usage = Json.read(r.getString(3), UsageRecorded.class);
                        int revision = r.getInteger(2) + 1;
                        Pricing pricing = pricer.pricing(usage, book, revision, null, String.valueOf(runId));
                        if (pricing.isPriced()) {
                            adjustments.add(UsagePriced.of(usage, pricing));
                            updates.add(Tuple.from(Arrays.asList(usage.tenantId(), usage.eventId(), revision,
                                    pricing.cost().amount(), pricing.cost().currency(), Long.valueOf(pricing.catalogueVersion()))));
                        }
                    }
                    counts.repriced += adjustments.size();
                    return new Repriced(adjustments, updates, last);
                }).chain(page -> {
                    List<UsagePriced> adjustments = page.adjustments();
                    List<Tuple> updates = page.updates();
                    Cursor next = page.last();
                    Uni<Void> write = adjustments.isEmpty() ? Uni.createFrom().voidItem() : pool.withTransaction(conn -> conn.preparedQuery(
                                    "UPDATE pricing.priced_event SET status = 'PRICED', revision = $3, cost = $4, currency = $5,"
                                            + " catalogue_version = $6, unpriced_event = NULL WHERE tenant_id = $1 AND event_id = $2")
                            .executeBatch(updates)
                            .chain(() -> pipeline.publish(adjustments)));
                    return write.chain(() -> page(runId, tenant, book, next, counts, limit));
                }));
    }

    /** A run, if the caller may see it ({@code tenant} null: platform admin, sees all). */
    public Uni<Run> find(long id, String tenant) {
        return pool.preparedQuery("SELECT id, tenant_id, author, reason, catalogue_version, started_at, finished_at, examined, repriced,"
                        + " still_unpriced FROM pricing.repricing_run WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2)")
                .execute(Tuple.from(Arrays.asList(id, tenant)))
                .map(rows -> rows.size() == 0 ? null : run(rows.iterator().next()));
    }

    public Uni<List<Run>> list(String tenant) {
        return pool.preparedQuery("SELECT id, tenant_id, author, reason, catalogue_version, started_at, finished_at, examined, repriced,"
                        + " still_unpriced FROM pricing.repricing_run WHERE ($1::text IS NULL OR tenant_id = $1) ORDER BY id DESC LIMIT 100")
                .execute(Tuple.from(Arrays.asList(tenant)))
                .map(rows -> {
                    List<Run> out = new ArrayList<>();
                    rows.forEach(r -> out.add(run(r)));
                    return out;
                });
    }

    private static Run run(Row r) {
        return new Run(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4), instant(r.getOffsetDateTime(5)),
                instant(r.getOffsetDateTime(6)), r.getInteger(7), r.getInteger(8), r.getInteger(9));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
