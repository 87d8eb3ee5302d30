package dev.tokenledger.notifier.channel;

import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.common.caller.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Channels in PostgreSQL; every tenant-facing query names the tenant. */
@ApplicationScoped
public class ChannelStore {

    static final String COLUMNS = "id, tenant_id, name, type, url, secret, recipients, failures, circuit_open_until, created_at";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool pool;

    @Inject
    AuditTrail audit;

    public Uni<Channel> create(Caller caller, ChannelRequest.Valid c) {
        String secret = c.type() == Channel.Type.WEBHOOK ? newSecret() : null;
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO notifier.channel (tenant_id, name, type, url, secret, recipients)"
                                + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(caller.tenantId(), c.name(), c.type().wireName(), c.url(), secret,
                        c.recipients().toArray(String[]::new))))
                .map(rows -> channel(rows.iterator().next()))
                .call(created -> audit.record(tx, caller, "channel.created", "channel", created.id(), null, snapshot(created))));
    }

    /** Changes name, target and recipients; a webhook keeps its secret (a channel turned into a webhook gets one). */
    /** Changes the channel; with {@code keepUrl} its url stays what it is when the row is locked, whatever {@code c} says. */
    public Uni<Channel> update(Caller caller, long id, ChannelRequest.Valid c, boolean keepUrl) {
        String tenant = caller.tenantId();
        return pool.withTransaction(tx -> locked(tx, tenant, id).chain(before -> before == null ? Uni.createFrom().nullItem()
                : tx.preparedQuery("UPDATE notifier.channel SET name = $3, type = $4, url = CASE WHEN $8 THEN url ELSE $5 END, recipients = $6,"
                                + " secret = CASE WHEN $4 = 'webhook' THEN COALESCE(secret, $7) ELSE NULL END, updated_at = now()"
                                + " WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL RETURNING " + COLUMNS)
                        .execute(Tuple.from(Arrays.asList(id, tenant, c.name(), c.type().wireName(), c.url(),
                                c.recipients().toArray(String[]::new), newSecret(), keepUrl)))
                        .map(rows -> channel(rows.iterator().next()))
                        .call(after -> audit.record(tx, caller, "channel.updated", "channel", id, snapshot(before), snapshot(after)))));
    }

    /** A new signing secret for a webhook channel; null when there is no such webhook of the tenant. The secret is not audited, the act is. */
    public Uni<Channel> rotateSecret(Caller caller, long id) {
        String tenant = caller.tenantId();
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE notifier.channel SET secret = $3, updated_at = now()"
                        + " WHERE id = $1 AND tenant_id = $2 AND type = 'webhook' AND deleted_at IS NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(id, tenant, newSecret())).map(rows -> rows.size() == 0 ? null : channel(rows.iterator().next()))
                .call(after -> after == null ? Uni.createFrom().voidItem()
                        : audit.record(tx, caller, "channel.secret_rotated", "channel", id, null, snapshot(after))));
    }

    /** Soft-deletes the channel; its pending deliveries are dead-lettered (nothing is left to send them to). */
    public Uni<Boolean> delete(Caller caller, long id) {
        String tenant = caller.tenantId();
        return pool.withTransaction(conn -> locked(conn, tenant, id).chain(before -> before == null ? Uni.createFrom().item(false)
                : conn.preparedQuery("UPDATE notifier.channel SET deleted_at = now() WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL")
                        .execute(Tuple.of(id, tenant))
                        .chain(() -> conn.preparedQuery("UPDATE notifier.delivery SET status = 'dead', last_error = 'channel deleted', updated_at = now()"
                                + " WHERE channel_id = $1 AND status = 'pending'").execute(Tuple.of(id)))
                        .chain(() -> audit.record(conn, caller, "channel.deleted", "channel", id, snapshot(before), null))
                        .replaceWith(true)));
    }

    private static Uni<Channel> locked(SqlClient tx, String tenant, long id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM notifier.channel WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL FOR UPDATE")
                .execute(Tuple.of(id, tenant)).map(rows -> rows.size() == 0 ? null : channel(rows.iterator().next()));
    }

    /** What the audit log keeps of a channel: what the API shows, never the signing secret. */
    private static Object snapshot(Channel c) {
        return ChannelResource.ChannelView.of(c, false);
    }

    public Uni<Channel> find(String tenant, long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notifier.channel WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL")
                .execute(Tuple.of(id, tenant)).map(rows -> rows.size() == 0 ? null : channel(rows.iterator().next()));
    }

    /** For the dispatcher: the channel a delivery belongs to, deleted or not. */
    public Uni<Channel> byId(long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notifier.channel WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : channel(rows.iterator().next()));
    }

    public Uni<List<Channel>> list(String tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notifier.channel WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY id")
                .execute(Tuple.of(tenant)).map(ChannelStore::channels);
    }

    public static List<Channel> channels(RowSet<Row> rows) {
        List<Channel> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(channel(r)));
        return out;
    }

    public static Channel channel(Row r) {
        OffsetDateTime open = r.getOffsetDateTime("circuit_open_until");
        return new Channel(r.getLong("id"), r.getString("tenant_id"), r.getString("name"),
                Channel.Type.valueOf(r.getString("type").toUpperCase(Locale.ROOT)), r.getString("url"), r.getString("secret"),
                List.of(r.getArrayOfStrings("recipients")), r.getInteger("failures"), open == null ? null : open.toInstant(),
                r.getOffsetDateTime("created_at").toInstant());
    }

    private static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "whsec_" + HexFormat.of().formatHex(b);
    }
}
