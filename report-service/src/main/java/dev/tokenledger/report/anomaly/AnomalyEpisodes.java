package dev.tokenledger.report.anomaly;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Anomaly episodes in PostgreSQL: at most one open per tenant and scope. */
@ApplicationScoped
public class AnomalyEpisodes {

    public record Episode(long id, int tenantId, String scope, String kind, Instant openedHour, Instant lastHour, BigDecimal expected,
                          BigDecimal observed, String detail, String state, Instant resolvedAt) {

        /** The id of this episode's opening (or resolving) event: the same on every retry. */
        public String eventId(String state) {
            return "anomaly:" + tenantId + ":" + scope + ":" + openedHour.getEpochSecond() + ":" + state;
        }
    }

    private static final String COLUMNS = "id, tenant_id, scope, kind, opened_hour, last_hour, expected, observed, detail, state, resolved_at";

    @Inject
    Pool pool;

    public Uni<List<Episode>> open(int tenantId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM report.anomaly_episode WHERE tenant_id = $1 AND state = 'open'")
                .execute(Tuple.of(tenantId)).map(AnomalyEpisodes::episodes);
    }

    /** The tenant's latest episodes, newest first; only those in {@code state} (open, resolved) unless it is null. */
    public Uni<List<Episode>> recent(int tenantId, String state, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM report.anomaly_episode WHERE tenant_id = $1 AND ($2::text IS NULL OR state = $2)"
                        + " ORDER BY opened_hour DESC, id DESC LIMIT $3")
                .execute(Tuple.from(java.util.Arrays.asList(tenantId, state, limit))).map(AnomalyEpisodes::episodes);
    }

    /** Records an opened episode; false if one is already open for the scope (another replica was first). */
    public Uni<Boolean> insertOpen(Episode e) {
        return pool.preparedQuery("""
                        INSERT INTO report.anomaly_episode (tenant_id, scope, kind, opened_hour, last_hour, expected, observed, detail, state)
                        VALUES ($1, $2, $3, $4, $4, $5, $6, $7, 'open')
                        ON CONFLICT (tenant_id, scope) WHERE state = 'open' DO NOTHING""")
                .execute(Tuple.from(List.of(e.tenantId(), e.scope(), e.kind(), e.openedHour().atOffset(ZoneOffset.UTC), e.expected(),
                        e.observed(), e.detail())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> stillOpen(long id, Instant hour, BigDecimal observed) {
        return pool.preparedQuery("UPDATE report.anomaly_episode SET last_hour = greatest(last_hour, $2), observed = greatest(observed, $3)"
                        + " WHERE id = $1").execute(Tuple.of(id, hour.atOffset(ZoneOffset.UTC), observed)).replaceWithVoid();
    }

    public Uni<Void> resolve(long id) {
        return pool.preparedQuery("UPDATE report.anomaly_episode SET state = 'resolved', resolved_at = now() WHERE id = $1 AND state = 'open'")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    private static List<Episode> episodes(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
        List<Episode> out = new ArrayList<>();
        rows.forEach(r -> out.add(new Episode(r.getLong(0), r.getInteger(1), r.getString(2), r.getString(3),
                r.getOffsetDateTime(4).toInstant(), r.getOffsetDateTime(5).toInstant(), r.getBigDecimal(6), r.getBigDecimal(7),
                r.getString(8), r.getString(9), r.getOffsetDateTime(10) == null ? null : r.getOffsetDateTime(10).toInstant())));
        return out;
    }
}
