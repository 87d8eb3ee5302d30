package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.pricing.price.Bucket;
import dev.tokenledger.pricing.price.Discount;
import dev.tokenledger.pricing.price.PriceEntry;
import dev.tokenledger.pricing.price.PriceSheet;
import dev.tokenledger.common.audit.AuditTrail;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * PostgreSQL storage of catalogue versions, entries and discounts. Rows are only ever inserted or
 * marked removed in a later version; all version writes take one advisory lock so that versions
 * are a total order even with several replicas.
 */
@ApplicationScoped
public class CatalogueStore {

    /** Arbitrary constant: the advisory lock that serialises catalogue writes. */
    private static final long WRITE_LOCK = 7_141_530_001L;

    private static final String ENTRY_COLUMNS = "id, scope, source, provider, model, aliases, match_pattern, effective_from, effective_to,"
            + " currency, input_per_mtok, cache_read_per_mtok, cache_write_per_mtok, cache_write_1h_per_mtok, output_per_mtok,"
            + " reasoning_per_mtok, unit_prices::text, tiers::text, fees::text";

    private static final Bucket[] BUCKET_COLUMNS = {Bucket.INPUT, Bucket.CACHE_READ, Bucket.CACHE_WRITE, Bucket.CACHE_WRITE_1H,
            Bucket.OUTPUT, Bucket.REASONING};

    @Inject
    Pool pool;

    @Inject
    AuditTrail auditTrail;

    public record VersionRow(long id, String scope, String source, String author, String reason, Instant createdAt,
                             Instant effectiveFrom, int added, int removed) {
    }

    /** What a write decided, computed inside the transaction from the live rows of its scope. */
    public record Write(String source, AuditTrail.Actor actor, String reason, Instant effectiveFrom,
                        Function<List<PriceEntry>, ImportPlanner.Plan> entries,
                        Function<List<Discount>, DiscountPlan> discounts) {
        public String author() {
            return actor.subject();
        }
    }

    public record DiscountPlan(List<Discount> remove, List<Discount> add) {
        public static DiscountPlan none() {
            return new DiscountPlan(List.of(), List.of());
        }
    }

    public record Written(VersionRow version, ImportPlanner.Plan plan, List<Discount> discountsAdded) {
    }

    public Uni<Long> latestVersion() {
        return pool.query("SELECT coalesce(max(id), 0) FROM pricing.catalogue_version").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Boolean> hasGlobalVersion() {
        return pool.query("SELECT EXISTS (SELECT 1 FROM pricing.catalogue_version WHERE tenant_id = '*')").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Every live entry of every scope: what the price book is built from. */
    public Uni<List<PriceEntry>> liveEntries() {
        return pool.query("SELECT " + ENTRY_COLUMNS + " FROM pricing.price_entry WHERE removed_in IS NULL").execute()
                .map(CatalogueStore::entries);
    }

    public Uni<List<Discount>> liveDiscounts() {
        return pool.query("SELECT id, tenant_id, provider, model, percent, effective_from, effective_to, reason"
                        + " FROM pricing.tenant_discount WHERE removed_in IS NULL").execute()
                .map(rows -> {
                    List<Discount> out = new ArrayList<>();
                    rows.forEach(r -> out.add(discount(r)));
                    return out;
                });
    }

    /** The entries of {@code scope} exactly as they were in version {@code version}. */
    public Uni<List<PriceEntry>> entriesAsOf(String scope, long version) {
        return pool.preparedQuery("SELECT " + ENTRY_COLUMNS + " FROM pricing.price_entry WHERE scope = $1 AND added_in <= $2"
                        + " AND (removed_in IS NULL OR removed_in > $2)")
                .execute(Tuple.of(scope, version)).map(CatalogueStore::entries);
    }

    public Uni<VersionRow> version(long id) {
        return pool.preparedQuery("SELECT id, tenant_id, source, author, reason, created_at, effective_from, added, removed"
                        + " FROM pricing.catalogue_version WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : version(rows.iterator().next()));
    }

    /** Versions of the public catalogue and of {@code tenant}, newest first. */
    public Uni<List<VersionRow>> versions(String tenant, int limit) {
        return pool.preparedQuery("SELECT id, tenant_id, source, author, reason, created_at, effective_from, added, removed"
                        + " FROM pricing.catalogue_version WHERE tenant_id IN ('*', $1) ORDER BY id DESC LIMIT $2")
                .execute(Tuple.of(tenant, limit))
                .map(rows -> {
                    List<VersionRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(version(r)));
                    return out;
                });
    }

    /**
     * Writes one version of {@code scope} in one transaction: the live rows of the write's source
     * are read under the catalogue lock, the plan is computed from them, and the version is
     * recorded with what it added and removed.
     */
    public Uni<Written> write(String scope, Write w, boolean onlyIfNoGlobalVersion) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(WRITE_LOCK))
                .chain(() -> onlyIfNoGlobalVersion
                        ? conn.query("SELECT EXISTS (SELECT 1 FROM pricing.catalogue_version WHERE tenant_id = '*')").execute()
                                .map(rows -> rows.iterator().next().getBoolean(0))
                        : Uni.createFrom().item(false))
                .chain(exists -> exists ? Uni.createFrom().nullItem() : writeLocked(conn, scope, w)));
    }

    private Uni<Written> writeLocked(SqlConnection conn, String scope, Write w) {
        Uni<List<PriceEntry>> live = w.entries() == null ? Uni.createFrom().item(List.of())
                : conn.preparedQuery("SELECT " + ENTRY_COLUMNS + " FROM pricing.price_entry WHERE scope = $1 AND source = $2"
                        + " AND removed_in IS NULL").execute(Tuple.of(scope, w.source())).map(CatalogueStore::entries);
        Uni<List<Discount>> liveDiscounts = w.discounts() == null ? Uni.createFrom().item(List.of())
                : conn.preparedQuery("SELECT id, tenant_id, provider, model, percent, effective_from, effective_to, reason"
                        + " FROM pricing.tenant_discount WHERE tenant_id = $1 AND removed_in IS NULL").execute(Tuple.of(scope))
                        .map(rows -> {
                            List<Discount> out = new ArrayList<>();
                            rows.forEach(r -> out.add(discount(r)));
                            return out;
                        });
        return Uni.combine().all().unis(live, liveDiscounts).asTuple().chain(t -> {
            ImportPlanner.Plan plan = w.entries() == null ? new ImportPlanner.Plan(List.of(), List.of(), 0, 0, 0) : w.entries().apply(t.getItem1());
            DiscountPlan dplan = w.discounts() == null ? DiscountPlan.none() : w.discounts().apply(t.getItem2());
            int added = plan.add().size() + dplan.add().size();
            int removed = plan.remove().size() + dplan.remove().size();
            return conn.preparedQuery("INSERT INTO pricing.catalogue_version (tenant_id, source, author, reason, effective_from, added, removed)"
                            + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, tenant_id, source, author, reason, created_at, effective_from, added, removed")
                    .execute(Tuple.from(Arrays.asList(scope, w.source(), w.author(), w.reason(), offset(w.effectiveFrom()), added, removed)))
                    .map(rows -> version(rows.iterator().next()))
                    .call(v -> removeEntries(conn, plan.remove(), v.id()))
                    .call(v -> insertEntries(conn, scope, plan.add(), v.id()))
                    .call(v -> removeDiscounts(conn, dplan.remove(), v.id()))
                    .chain(v -> insertDiscounts(conn, scope, dplan.add(), v.id()).map(ds -> new Written(v, plan, ds)))
                    .call(written -> audit(conn, scope, w, written, plan, dplan));
        });
    }

    private static final int AUDITED_ENTRIES = 100;

    /**
     * One audit line per catalogue version: what it closed (before) and what it added (after), the
     * first {@value #AUDITED_ENTRIES} of each with their counts (a full import is thousands of
     * entries; the version itself keeps them all).
     */
    private Uni<Void> audit(SqlConnection conn, String scope, Write w, Written written, ImportPlanner.Plan plan, DiscountPlan dplan) {
        VersionRow v = written.version();
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("entries_closed", plan.remove().size());
        before.put("entries", plan.remove().stream().limit(AUDITED_ENTRIES).map(EntryJson::toJson).toList());
        before.put("discounts", dplan.remove().stream().map(CatalogueStore::discountSnapshot).toList());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("version", v.id());
        after.put("source", v.source());
        after.put("reason", v.reason());
        after.put("effective_from", String.valueOf(v.effectiveFrom()));
        after.put("entries_added", plan.add().size());
        after.put("entries", plan.add().stream().limit(AUDITED_ENTRIES).map(EntryJson::toJson).toList());
        after.put("discounts", written.discountsAdded().stream().map(CatalogueStore::discountSnapshot).toList());
        String action = PriceEntry.GLOBAL.equals(scope) ? "catalogue.version_written" : "price_override.version_written";
        return auditTrail.record(conn, w.actor(), scope, action, "catalogue_version", v.id(), before, after);
    }

    private static Map<String, Object> discountSnapshot(Discount d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("provider", d.provider());
        m.put("model", d.model());
        m.put("percent", d.percent().toPlainString());
        m.put("effective_from", String.valueOf(d.effectiveFrom()));
        m.put("effective_to", d.effectiveTo() == null ? null : d.effectiveTo().toString());
        m.put("reason", d.reason());
        return m;
    }

    private Uni<Void> removeEntries(SqlConnection conn, List<PriceEntry> remove, long version) {
        if (remove.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = remove.stream().map(PriceEntry::id).toArray(Long[]::new);
        return conn.preparedQuery("UPDATE pricing.price_entry SET removed_in = $1 WHERE id = ANY($2) AND removed_in IS NULL")
                .execute(Tuple.of(version, ids)).replaceWithVoid();
    }

    private Uni<Void> insertEntries(SqlConnection conn, String scope, List<PriceEntry> add, long version) {
        if (add.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(add.size());
        for (PriceEntry e : add) {
            List<Object> values = new ArrayList<>(List.of(scope, e.source(), e.provider(), e.model()));
            values.add(e.aliases().toArray(String[]::new));
            values.add(e.matchPattern());
            values.add(offset(e.effectiveFrom()));
            values.add(offset(e.effectiveTo()));
            values.add(e.currency());
            for (Bucket b : BUCKET_COLUMNS) {
                values.add(e.prices().token(b));
            }
            values.add(EntryJson.unitsColumn(e.prices()));
            values.add(EntryJson.tiersColumn(e.tiers()));
            values.add(EntryJson.feesColumn(e.fees()));
            values.add(version);
            rows.add(Tuple.from(values));
        }
        return conn.preparedQuery("INSERT INTO pricing.price_entry (scope, source, provider, model, aliases, match_pattern, effective_from,"
                        + " effective_to, currency, input_per_mtok, cache_read_per_mtok, cache_write_per_mtok, cache_write_1h_per_mtok,"
                        + " output_per_mtok, reasoning_per_mtok, unit_prices, tiers, fees, added_in)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::text::jsonb, $17::text::jsonb, $18::text::jsonb, $19)")
                .executeBatch(rows).replaceWithVoid();
    }

    private Uni<Void> removeDiscounts(SqlConnection conn, List<Discount> remove, long version) {
        if (remove.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = remove.stream().map(Discount::id).toArray(Long[]::new);
        return conn.preparedQuery("UPDATE pricing.tenant_discount SET removed_in = $1 WHERE id = ANY($2) AND removed_in IS NULL")
                .execute(Tuple.of(version, ids)).replaceWithVoid();
    }

    private Uni<List<Discount>> insertDiscounts(SqlConnection conn, String tenant, List<Discount> add, long version) {
        List<Uni<Discount>> inserts = new ArrayList<>();
        for (Discount d : add) {
            inserts.add(conn.preparedQuery("INSERT INTO pricing.tenant_discount (tenant_id, provider, model, percent, effective_from,"
                            + " effective_to, reason, added_in) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                    .execute(Tuple.from(Arrays.asList(tenant, d.provider(), d.model(), d.percent(), offset(d.effectiveFrom()),
                            offset(d.effectiveTo()), d.reason(), version)))
                    .map(rows -> new Discount(rows.iterator().next().getLong(0), tenant, d.provider(), d.model(), d.percent(),
                            d.effectiveFrom(), d.effectiveTo(), d.reason())));
        }
        return inserts.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(inserts).andFailFast();
    }

    static OffsetDateTime offset(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static List<PriceEntry> entries(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<PriceEntry> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(entry(r)));
        return out;
    }

    private static PriceEntry entry(Row r) {
        EnumMap<Bucket, BigDecimal> tokens = new EnumMap<>(Bucket.class);
        for (int i = 0; i < BUCKET_COLUMNS.length; i++) {
            BigDecimal price = r.getBigDecimal(10 + i);
            if (price != null) {
                tokens.put(BUCKET_COLUMNS[i], price);
            }
        }
        Map<String, BigDecimal> units = new TreeMap<>();
        EntryJson.readUnits(r.getString(16)).forEach((u, p) -> units.put(u, new BigDecimal(p)));
        return new PriceEntry(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                List.of(r.getArrayOfStrings(5)), r.getString(6), instant(r.getOffsetDateTime(7)), instant(r.getOffsetDateTime(8)),
                r.getString(9), new PriceSheet(tokens, units), EntryJson.readTiers(r.getString(17)), EntryJson.readFees(r.getString(18)));
    }

    private static Discount discount(Row r) {
        return new Discount(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getBigDecimal(4),
                instant(r.getOffsetDateTime(5)), instant(r.getOffsetDateTime(6)), r.getString(7));
    }

    private static VersionRow version(Row r) {
        return new VersionRow(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                instant(r.getOffsetDateTime(5)), instant(r.getOffsetDateTime(6)), r.getInteger(7), r.getInteger(8));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
