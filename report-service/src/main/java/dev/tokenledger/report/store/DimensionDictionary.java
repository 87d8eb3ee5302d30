package dev.tokenledger.report.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dictionary encoding of attribution values: (tenant, dimension, text) ↔ a 4-byte id, so an event
 * row carries ids and each text is stored once. Id 0 means "not set". Both directions are cached;
 * the cache is dropped whole when it grows past {@link #MAX_CACHED} (sessions are unbounded).
 */
@ApplicationScoped
public class DimensionDictionary {

    public static final int NONE = 0;
    static final int MAX_CACHED = 500_000;

    public record Key(int tenantId, short dim, String value) {
    }

    private static final String RESOLVE = """
            WITH v AS (SELECT * FROM unnest($1::int[], $2::smallint[], $3::text[]) AS v(tenant_id, dim, value)),
            ins AS (INSERT INTO report.dim_value (tenant_id, dim, value)
                    SELECT tenant_id, dim, value FROM v ORDER BY 1, 2, 3
                    ON CONFLICT (tenant_id, dim, value) DO NOTHING
                    RETURNING id, tenant_id, dim, value)
            SELECT id, tenant_id, dim, value FROM ins
            UNION ALL
            SELECT d.id, d.tenant_id, d.dim, d.value FROM report.dim_value d JOIN v USING (tenant_id, dim, value)""";

    @Inject
    Pool pool;

    private final Map<Key, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, String> values = new ConcurrentHashMap<>();

    /** Ids for these values, adding the ones never seen. */
    public Uni<Map<Key, Integer>> resolve(Set<Key> keys) {
        Map<Key, Integer> out = new HashMap<>();
        Set<Key> missing = new HashSet<>();
        for (Key k : keys) {
            Integer id = ids.get(k);
            if (id != null) {
                out.put(k, id);
            } else {
                missing.add(k);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        return fetch(missing, true).map(found -> {
            out.putAll(found);
            return out;
        });
    }

    /** The id of a value if it was ever stored for the tenant (a filter on an unknown value matches nothing). */
    public Uni<Integer> find(int tenantId, Dimension dim, String value) {
        Key k = new Key(tenantId, dim.code(), value);
        Integer id = ids.get(k);
        if (id != null) {
            return Uni.createFrom().item(id);
        }
        return pool.preparedQuery("SELECT id FROM report.dim_value WHERE tenant_id = $1 AND dim = $2 AND value = $3")
                .execute(Tuple.of(tenantId, dim.code(), value))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return -1;
                    }
                    int found = rows.iterator().next().getInteger(0);
                    remember(k, found);
                    return found;
                });
    }

    /** The texts of these ids (0 and unknown ids are left out). */
    public Uni<Map<Integer, String>> names(Collection<Integer> idList) {
        Map<Integer, String> out = new HashMap<>();
        List<Integer> missing = new ArrayList<>();
        for (Integer id : new HashSet<>(idList)) {
            if (id == null || id == NONE) {
                continue;
            }
            String v = values.get(id);
            if (v != null) {
                out.put(id, v);
            } else {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        return pool.preparedQuery("SELECT id, tenant_id, dim, value FROM report.dim_value WHERE id = ANY($1)")
                .execute(Tuple.of(missing.toArray(Integer[]::new)))
                .map(rows -> {
                    rows.forEach(r -> {
                        remember(new Key(r.getInteger(1), r.getShort(2), r.getString(3)), r.getInteger(0));
                        out.put(r.getInteger(0), r.getString(3));
                    });
                    return out;
                });
    }

    private Uni<Map<Key, Integer>> fetch(Set<Key> keys, boolean retry) {
        List<Key> list = new ArrayList<>(keys);
        Integer[] tenants = new Integer[list.size()];
        Short[] dims = new Short[list.size()];
        String[] texts = new String[list.size()];
        for (int i = 0; i < list.size(); i++) {
            tenants[i] = list.get(i).tenantId();
            dims[i] = list.get(i).dim();
            texts[i] = list.get(i).value();
        }
        return pool.preparedQuery(RESOLVE).execute(Tuple.of(tenants, dims, texts)).chain(rows -> {
            Map<Key, Integer> found = new HashMap<>();
            rows.forEach(r -> {
                Key k = new Key(r.getInteger(1), r.getShort(2), r.getString(3));
                remember(k, r.getInteger(0));
                found.put(k, r.getInteger(0));
            });
            if (found.size() < keys.size() && retry) {
                // a value added by a concurrent transaction is invisible to this statement's snapshot
                Set<Key> rest = new HashSet<>(keys);
                rest.removeAll(found.keySet());
                return fetch(rest, false).map(more -> {
                    found.putAll(more);
                    return found;
                });
            }
            if (found.size() < keys.size()) {
                return Uni.createFrom().failure(new IllegalStateException("dictionary ids missing for " + (keys.size() - found.size()) + " values"));
            }
            return Uni.createFrom().item(found);
        });
    }

    private void remember(Key k, int id) {
        if (ids.size() > MAX_CACHED) {
            ids.clear();
            values.clear();
        }
        ids.put(k, id);
        values.put(id, k.value());
    }
}
