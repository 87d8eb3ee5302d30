package dev.tokenledger.notifier.routing;

import dev.tokenledger.common.json.Json;
import dev.tokenledger.notifier.render.Notification;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one alert into deliveries, inside the transaction that records the alert: the channels of
 * every matching route (held until quiet hours end), plus — for an event that resolves its group —
 * every channel that was sent a firing alert of that group and has not had it resolved yet (so a
 * filter on severities can never leave an Alertmanager alert firing). Unique (tenant, channel,
 * event id): a redelivered record adds nothing.
 */
@ApplicationScoped
public class Router {

    @Inject
    RouteStore routes;

    /** @return how many deliveries were created */
    public Uni<Integer> route(SqlConnection conn, Notification n, Instant now) {
        return routes.list(conn, n.tenantId()).chain(all -> {
            Map<Long, Instant> due = new TreeMap<>();
            boolean[] held = new boolean[1];
            for (Route r : all) {
                if (!r.matches(n.eventType(), n.severity())) {
                    continue;
                }
                Instant until = r.quietHours() == null ? null : r.quietHours().heldUntil(now);
                Instant at = until == null ? now : until;
                for (Long channel : r.channelIds()) {
                    due.merge(channel, at, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
            Uni<Void> resolving = n.firing() || n.group() == null ? Uni.createFrom().voidItem()
                    : conn.preparedQuery("SELECT DISTINCT f.channel_id FROM notifier.delivery f WHERE f.tenant_id = $1 AND f.alert_group = $2"
                                    + " AND f.firing AND f.status <> 'dead' AND NOT EXISTS (SELECT 1 FROM notifier.delivery r"
                                    + " WHERE r.channel_id = f.channel_id AND r.alert_group = f.alert_group AND NOT r.firing AND r.id > f.id)")
                            .execute(Tuple.of(n.tenantId(), n.group()))
                            .invoke(rows -> rows.forEach(row -> due.putIfAbsent(row.getLong(0), now))).replaceWithVoid();
            return resolving.chain(() -> insert(conn, n, due, now));
        });
    }

    private Uni<Integer> insert(SqlConnection conn, Notification n, Map<Long, Instant> due, Instant now) {
        if (due.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        JsonObject payload = new JsonObject(Json.write(n));
        Long[] channels = due.keySet().toArray(Long[]::new);
        OffsetDateTime[] at = due.values().stream().map(i -> i.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        // only the tenant's live channels: a route may still name a channel deleted since
        return conn.preparedQuery("INSERT INTO notifier.delivery (tenant_id, channel_id, dedupe_key, event_type, severity, alert_group, firing,"
                        + " payload, next_attempt_at, held_for_quiet)"
                        + " SELECT $1, c.id, $3, $4, $5, $6, $7, $8, d.at, d.at > $9"
                        + " FROM unnest($2::bigint[], $10::timestamptz[]) AS d(channel_id, at)"
                        + " JOIN notifier.channel c ON c.id = d.channel_id AND c.tenant_id = $1 AND c.deleted_at IS NULL"
                        + " ORDER BY c.id ON CONFLICT (tenant_id, channel_id, dedupe_key) DO NOTHING")
                .execute(Tuple.from(Arrays.asList(n.tenantId(), channels, n.eventId(), n.eventType(), n.severity(), n.group(), n.firing(),
                        payload, now.atOffset(ZoneOffset.UTC), at)))
                .map(rows -> rows.rowCount());
    }
}
