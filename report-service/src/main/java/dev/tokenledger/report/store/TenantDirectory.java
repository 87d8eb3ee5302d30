package dev.tokenledger.report.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.common.caller.Caller;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants as the report store knows them: a small integer id (rows carry it instead of the name)
 * and the report settings — the IANA time zone its days follow and how long raw events are kept.
 * Ids never change and are cached forever; settings are re-read after {@link #SETTINGS_TTL_MS}.
 */
@ApplicationScoped
public class TenantDirectory {

    public static final int DEFAULT_RETENTION_DAYS = 90;
    static final long SETTINGS_TTL_MS = 5_000;

    public record Tenant(int id, String name, ZoneId zone, int retentionDays, Instant updatedAt, String updatedBy) {
    }

    private record Cached(Tenant tenant, long readAt) {
    }

    private static final String UPSERT = """
            WITH ins AS (INSERT INTO report.tenant (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING
                         RETURNING id, name, time_zone, retention_days, updated_at, updated_by)
            SELECT * FROM ins
            UNION ALL
            SELECT id, name, time_zone, retention_days, updated_at, updated_by FROM report.tenant WHERE name = ANY($1)""";

    @Inject
    Pool pool;

    @Inject
    AuditTrail audit;

    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final Map<String, Cached> settings = new ConcurrentHashMap<>();

    /** The ids of these tenants, registering the ones seen for the first time. */
    public Uni<Map<String, Integer>> idsOf(Set<String> names) {
        Map<String, Integer> known = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            Integer id = ids.get(n);
            if (id != null) {
                known.put(n, id);
            } else {
                missing.add(n);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        return upsert(missing).map(tenants -> {
            tenants.forEach(t -> known.put(t.name(), t.id()));
            return known;
        });
    }

    /** The tenant with its current settings (defaults for a tenant never seen before). */
    public Uni<Tenant> tenant(String name) {
        Cached c = settings.get(name);
        if (c != null && System.currentTimeMillis() - c.readAt() < SETTINGS_TTL_MS) {
            return Uni.createFrom().item(c.tenant());
        }
        return upsert(List.of(name)).map(list -> list.get(0));
    }

    /** Changes the caller's tenant's settings, recorded in the audit log with what they were before, in one transaction. */
    public Uni<Tenant> update(Caller caller, ZoneId zone, int retentionDays) {
        return tenant(caller.tenantId()).chain(t -> pool.withTransaction(tx -> tx.preparedQuery(
                                "SELECT id, name, time_zone, retention_days, updated_at, updated_by FROM report.tenant WHERE id = $1 FOR UPDATE")
                        .execute(Tuple.of(t.id())).map(rows -> tenant(rows.iterator().next()))
                        .chain(before -> tx.preparedQuery("""
                                        UPDATE report.tenant SET time_zone = $2, retention_days = $3, updated_at = now(), updated_by = $4
                                        WHERE id = $1 RETURNING id, name, time_zone, retention_days, updated_at, updated_by""")
                                .execute(Tuple.of(t.id(), zone.getId(), retentionDays, caller.subject()))
                                .map(rows -> tenant(rows.iterator().next()))
                                .call(after -> audit.record(tx, caller, "settings.updated", "settings", t.name(), settings(before), settings(after))))))
                .map(this::remember);
    }

    /** What the audit log keeps of a tenant's settings. */
    private static Map<String, Object> settings(Tenant t) {
        return Map.of("time_zone", t.zone().getId(), "retention_days", t.retentionDays());
    }

    public Uni<List<Tenant>> all() {
        return pool.query("SELECT id, name, time_zone, retention_days, updated_at, updated_by FROM report.tenant ORDER BY id").execute()
                .map(rows -> {
                    List<Tenant> out = new ArrayList<>();
                    rows.forEach(r -> out.add(remember(r)));
                    return out;
                });
    }

    private Uni<List<Tenant>> upsert(List<String> names) {
        return pool.preparedQuery(UPSERT).execute(Tuple.of(names.toArray(String[]::new))).chain(rows -> {
            List<Tenant> out = new ArrayList<>();
            rows.forEach(r -> out.add(remember(r)));
            // a tenant registered by a concurrent transaction is invisible to this statement's snapshot: ask again
            return out.size() < names.size() ? upsert(names) : Uni.createFrom().item(out);
        });
    }

    private Tenant remember(Row r) {
        return remember(tenant(r));
    }

    private Tenant remember(Tenant t) {
        ids.put(t.name(), t.id());
        settings.put(t.name(), new Cached(t, System.currentTimeMillis()));
        return t;
    }

    private static Tenant tenant(Row r) {
        var updated = r.getOffsetDateTime("updated_at");
        return new Tenant(r.getInteger("id"), r.getString("name"), ZoneId.of(r.getString("time_zone")),
                r.getInteger("retention_days"), updated == null ? null : updated.toInstant(), r.getString("updated_by"));
    }

}
