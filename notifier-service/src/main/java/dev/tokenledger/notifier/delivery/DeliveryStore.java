package dev.tokenledger.notifier.delivery;

import dev.tokenledger.common.json.Json;
import dev.tokenledger.notifier.render.Notification;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The delivery outbox and its attempt log in PostgreSQL. Tenant-facing reads name the tenant. */
@ApplicationScoped
public class DeliveryStore {

    static final String COLUMNS = "id, tenant_id, channel_id, dedupe_key, event_type, severity, alert_group, firing, payload, status,"
            + " attempts, next_attempt_at, held_for_quiet, last_error, created_at, updated_at, delivered_at";

    @Inject
    Pool pool;

    public record Attempt(int attempt, Instant startedAt, Instant finishedAt, String outcome, Integer httpStatus, String error, String sentBy) {
    }

    /**
     * Takes the lease of every channel with a due delivery whose lease is free or expired and whose
     * circuit is not open. One owner per channel keeps its deliveries in order.
     */
    public Uni<List<Long>> claimChannels(String owner, Duration lease) {
        return pool.preparedQuery("UPDATE notifier.channel c SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'"
                        + " WHERE c.id IN (SELECT DISTINCT d.channel_id FROM notifier.delivery d WHERE d.status = 'pending' AND d.next_attempt_at <= now())"
                        + " AND (c.lease_until IS NULL OR c.lease_until < now() OR c.lease_owner = $1)"
                        + " AND (c.circuit_open_until IS NULL OR c.circuit_open_until <= now()) RETURNING c.id")
                .execute(Tuple.of(owner, lease.toMillis()))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong(0)));
                    return ids;
                });
    }

    public Uni<Void> release(String owner, long channelId) {
        return pool.preparedQuery("UPDATE notifier.channel SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
                .execute(Tuple.of(channelId, owner)).replaceWithVoid();
    }

    /**
     * The channel's oldest pending delivery: a later alert never overtakes it. A test notification
     * goes first (it is about the channel, not about the alerts' order), e.g. during quiet hours.
     */
    public Uni<Delivery> head(long channelId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notifier.delivery WHERE channel_id = $1 AND status = 'pending'"
                        + " ORDER BY event_type = 'test' DESC, id LIMIT 1")
                .execute(Tuple.of(channelId)).map(DeliveryStore::first);
    }

    /** Records a delivered attempt, closes the channel's circuit and extends the owner's lease. */
    public Uni<Boolean> delivered(Delivery d, String owner, Duration lease, Instant started, Outcome o) {
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE notifier.delivery SET status = 'delivered', attempts = attempts + 1,"
                                + " last_error = NULL, delivered_at = now(), updated_at = now() WHERE id = $1 AND status = 'pending' AND attempts = $2")
                        .execute(Tuple.of(d.id(), d.attempts()))
                        .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                                : attempt(conn, d, owner, started, "delivered", o)
                                .chain(() -> conn.preparedQuery("UPDATE notifier.channel SET failures = 0, circuit_open_until = NULL,"
                                                + " lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND lease_owner = $2")
                                        .execute(Tuple.of(d.channelId(), owner, lease.toMillis())))
                                .replaceWith(true)));
    }

    /**
     * Records a failed attempt: the delivery waits {@code backoff} (or is dead-lettered after
     * {@code maxAttempts}, or at once when retrying cannot help); the channel's circuit opens for
     * {@code breakerOpen} after {@code breakerFailures} consecutive failures. @return the new status
     */
    public Uni<String> failed(Delivery d, String owner, Instant started, Outcome o, Duration backoff, int maxAttempts, int breakerFailures,
                              Duration breakerOpen) {
        boolean dead = o.permanent() || d.attempts() + 1 >= maxAttempts;
        String status = dead ? Delivery.DEAD : Delivery.PENDING;
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE notifier.delivery SET status = $3, attempts = attempts + 1, last_error = $4,"
                                + " next_attempt_at = now() + $5 * interval '1 millisecond', updated_at = now()"
                                + " WHERE id = $1 AND status = 'pending' AND attempts = $2")
                        .execute(Tuple.of(d.id(), d.attempts(), status, o.error(), backoff.toMillis()))
                        .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item((String) null)
                                : attempt(conn, d, owner, started, dead ? "dead" : "failed", o)
                                .chain(() -> conn.preparedQuery("UPDATE notifier.channel SET failures = failures + 1,"
                                                + " circuit_open_until = CASE WHEN failures + 1 >= $2 THEN now() + $3 * interval '1 millisecond'"
                                                + " ELSE circuit_open_until END WHERE id = $1")
                                        .execute(Tuple.of(d.channelId(), breakerFailures, breakerOpen.toMillis())))
                                .replaceWith(status)));
    }

    private static Uni<Void> attempt(SqlConnection conn, Delivery d, String owner, Instant started, String outcome,
                                     Outcome o) {
        return conn.preparedQuery("INSERT INTO notifier.delivery_attempt (delivery_id, attempt, started_at, outcome, http_status, error, sent_by)"
                        + " SELECT $1, COALESCE(max(attempt), 0) + 1, $2, $3, $4, $5, $6 FROM notifier.delivery_attempt WHERE delivery_id = $1")
                .execute(Tuple.from(Arrays.asList(d.id(), started.atOffset(ZoneOffset.UTC), outcome, o.httpStatus(), o.error(), owner)))
                .replaceWithVoid();
    }

    /** The firing alerts of {@code group} this channel was sent since the group was last resolved (what a resolve must end). */
    public Uni<List<Notification>> firedSinceLastResolve(long channelId, String group, long beforeId) {
        return pool.preparedQuery("SELECT payload FROM notifier.delivery WHERE channel_id = $1 AND alert_group = $2 AND firing"
                        + " AND status = 'delivered' AND id < $3 AND id > COALESCE((SELECT max(id) FROM notifier.delivery"
                        + " WHERE channel_id = $1 AND alert_group = $2 AND NOT firing AND id < $3), 0) ORDER BY id")
                .execute(Tuple.of(channelId, group, beforeId))
                .map(rows -> {
                    List<Notification> out = new ArrayList<>();
                    rows.forEach(r -> out.add(Json.read(r.getJsonObject(0).encode(), Notification.class)));
                    return out;
                });
    }

    /** A test notification for a channel, queued like any other delivery. */
    public Uni<Delivery> enqueue(String tenant, long channelId, Notification n) {
        return pool.preparedQuery("INSERT INTO notifier.delivery (tenant_id, channel_id, dedupe_key, event_type, severity, alert_group, firing, payload)"
                        + " VALUES ($1, $2, $3, $4, $5, NULL, $6, $7) RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(tenant, channelId, n.eventId(), n.eventType(), n.severity(), n.firing(),
                        new JsonObject(Json.write(n)))))
                .map(DeliveryStore::first);
    }

    /** Puts a dead-lettered delivery back in the queue (its earlier attempts stay in the log). */
    public Uni<Delivery> retry(String tenant, long id) {
        return pool.preparedQuery("UPDATE notifier.delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()"
                        + " WHERE id = $1 AND tenant_id = $2 AND status = 'dead'"
                        + " AND EXISTS (SELECT 1 FROM notifier.channel c WHERE c.id = channel_id AND c.deleted_at IS NULL) RETURNING " + COLUMNS)
                .execute(Tuple.of(id, tenant)).map(DeliveryStore::first);
    }

    public Uni<Delivery> find(String tenant, long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notifier.delivery WHERE id = $1 AND tenant_id = $2")
                .execute(Tuple.of(id, tenant)).map(DeliveryStore::first);
    }

    public Uni<List<Attempt>> attempts(long deliveryId) {
        return pool.preparedQuery("SELECT attempt, started_at, finished_at, outcome, http_status, error, sent_by FROM notifier.delivery_attempt"
                        + " WHERE delivery_id = $1 ORDER BY attempt").execute(Tuple.of(deliveryId))
                .map(rows -> {
                    List<Attempt> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Attempt(r.getInteger(0), r.getOffsetDateTime(1).toInstant(), r.getOffsetDateTime(2).toInstant(),
                            r.getString(3), r.getInteger(4), r.getString(5), r.getString(6))));
                    return out;
                });
    }

    /** Newest first, {@code limit} rows with id below {@code before} (the cursor), optionally one channel and one status. */
    public Uni<List<Delivery>> list(String tenant, Long channelId, String status, long before, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notifier.delivery WHERE tenant_id = $1 AND id < $2"
                        + " AND ($3::bigint IS NULL OR channel_id = $3) AND ($4::text IS NULL OR status = $4) ORDER BY id DESC LIMIT $5")
                .execute(Tuple.from(Arrays.asList(tenant, before, channelId, status, limit))).map(DeliveryStore::all);
    }

    public record QueueStats(long depth, double oldestPendingSeconds) {
    }

    public Uni<QueueStats> queueStats() {
        return pool.query("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8"
                        + " FROM notifier.delivery WHERE status = 'pending'").execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new QueueStats(r.getLong(0), r.getDouble(1));
                });
    }

    static Delivery first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : delivery(rows.iterator().next());
    }

    static List<Delivery> all(RowSet<Row> rows) {
        List<Delivery> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(delivery(r)));
        return out;
    }

    static Delivery delivery(Row r) {
        return new Delivery(r.getLong("id"), r.getString("tenant_id"), r.getLong("channel_id"), r.getString("dedupe_key"),
                r.getString("event_type"), r.getString("severity"), r.getString("alert_group"), r.getBoolean("firing"),
                Json.read(r.getJsonObject("payload").encode(), Notification.class), r.getString("status"), r.getInteger("attempts"),
                instant(r.getOffsetDateTime("next_attempt_at")), r.getBoolean("held_for_quiet"), r.getString("last_error"),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("updated_at")),
                instant(r.getOffsetDateTime("delivered_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
