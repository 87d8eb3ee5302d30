package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.events.PriceChange;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.pricing.importer.ImportedCatalogue;
import dev.tokenledger.pricing.price.Discount;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.pricer.PriceBookHolder;
import dev.tokenledger.common.audit.AuditTrail;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every change to prices goes through here: it becomes a new catalogue version (author, time,
 * reason), the price book is rebuilt, and the change is published on {@code price.changes}.
 */
@ApplicationScoped
public class CatalogueService {

    private static final Logger LOG = Logger.getLogger(CatalogueService.class);
    /** A price.changes record carries at most this many changed prices; the diff API has them all. */
    static final int MAX_CHANGES_PER_EVENT = 500;

    @Inject
    CatalogueStore store;

    @Inject
    PriceBookHolder books;

    @Inject
    @Channel("price-changes")
    MutinyEmitter<Record<String, String>> priceChanges;

    public record Result(CatalogueStore.VersionRow version, int added, int changed, int closed, List<PriceChange.ChangedPrice> changes,
                         List<Discount> discountsAdded) {
    }

    /** A whole price list from one source: entries it no longer lists are closed at {@code effectiveFrom}. */
    public Uni<Result> importList(ImportedCatalogue list, Instant effectiveFrom, AuditTrail.Actor actor, String reason, boolean onlyIfEmpty) {
        CatalogueStore.Write write = new CatalogueStore.Write(list.source(), actor, reason, effectiveFrom,
                live -> ImportPlanner.plan(live, list.entries(), effectiveFrom, true), null);
        return apply(PriceEntry.GLOBAL, write, onlyIfEmpty);
    }

    /** Entries added or changed by hand (public catalogue or a tenant's own prices); others are left alone. */
    public Uni<Result> editEntries(String scope, String source, List<PriceEntry> entries, Instant effectiveFrom, AuditTrail.Actor actor, String reason) {
        CatalogueStore.Write write = new CatalogueStore.Write(source, actor, reason, effectiveFrom,
                live -> ImportPlanner.plan(live, entries, effectiveFrom, false), null);
        return apply(scope, write, false);
    }

    /** Ends a tenant's own price entry at {@code at} (or removes it if it had not started). */
    public Uni<Result> endEntry(String scope, String source, long entryId, Instant at, AuditTrail.Actor actor, String reason) {
        Function<List<PriceEntry>, ImportPlanner.Plan> plan = live -> {
            PriceEntry e = live.stream().filter(x -> x.id() == entryId).findFirst()
                    .orElseThrow(() -> new NotFound("no price entry " + entryId));
            boolean started = e.effectiveFrom().isBefore(at);
            boolean endsLater = e.effectiveTo() == null || e.effectiveTo().isAfter(at);
            List<PriceEntry> add = started && endsLater ? List.of(e.withId(0).withEffective(e.effectiveFrom(), at)) : List.of();
            return new ImportPlanner.Plan(List.of(e), add, 0, 0, 1);
        };
        return apply(scope, new CatalogueStore.Write(source, actor, reason, at, plan, null), false);
    }

    public Uni<Result> addDiscount(Discount d, AuditTrail.Actor actor) {
        CatalogueStore.Write write = new CatalogueStore.Write("tenant", actor, d.reason(), d.effectiveFrom(), null,
                live -> new CatalogueStore.DiscountPlan(List.of(), List.of(d)));
        return apply(d.tenantId(), write, false);
    }

    public Uni<Result> endDiscount(String tenant, long id, Instant at, AuditTrail.Actor actor, String reason) {
        CatalogueStore.Write write = new CatalogueStore.Write("tenant", actor, reason, at, null, live -> {
            Discount d = live.stream().filter(x -> x.id() == id).findFirst().orElseThrow(() -> new NotFound("no discount " + id));
            boolean started = d.effectiveFrom().isBefore(at);
            boolean endsLater = d.effectiveTo() == null || d.effectiveTo().isAfter(at);
            List<Discount> add = started && endsLater
                    ? List.of(new Discount(0, tenant, d.provider(), d.model(), d.percent(), d.effectiveFrom(), at, d.reason())) : List.of();
            return new CatalogueStore.DiscountPlan(List.of(d), add);
        });
        return apply(tenant, write, false);
    }

    /** The changes between two versions of one scope. */
    public Uni<List<PriceChange.ChangedPrice>> diff(String scope, long from, long to) {
        return Uni.combine().all().unis(store.entriesAsOf(scope, from), store.entriesAsOf(scope, to)).asTuple()
                .map(t -> CatalogueDiff.between(t.getItem1(), t.getItem2()));
    }

    private Uni<Result> apply(String scope, CatalogueStore.Write write, boolean onlyIfNoGlobalVersion) {
        return store.write(scope, write, onlyIfNoGlobalVersion).chain(w -> {
            if (w == null) {
                return Uni.createFrom().nullItem();
            }
            long v = w.version().id();
            return diff(scope, v - 1, v).chain(changes -> {
                Result result = new Result(w.version(), w.plan().added(), w.plan().changed(), w.plan().closed(), changes, w.discountsAdded());
                return books.reloadIfStarted().chain(() -> publish(scope, w.version(), result)).replaceWith(result);
            });
        });
    }

    private Uni<Void> publish(String scope, CatalogueStore.VersionRow v, Result r) {
        List<PriceChange.ChangedPrice> changes = r.changes();
        boolean truncated = changes.size() > MAX_CHANGES_PER_EVENT;
        PriceChange event = new PriceChange(PriceChange.SCHEMA_VERSION, PriceChange.TYPE, scope, UUID.randomUUID().toString(),
                v.createdAt(), String.valueOf(v.id()), v.author(), v.reason(), r.added(), r.changed(), r.closed(),
                truncated ? changes.subList(0, MAX_CHANGES_PER_EVENT) : changes, truncated);
        // the version is committed; a failed publication is logged, and the versions API stays the record
        return priceChanges.send(Record.of(scope, Json.write(event)))
                .onFailure().invoke(e -> LOG.errorf("catalogue version %d: price.changes not published: %s", v.id(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** A version, entry or discount that does not exist (or belongs to another tenant). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
