package dev.tokenledger.notifier.routing;

import dev.tokenledger.common.problem.ProblemException;
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

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Routing rules in PostgreSQL; every query names the tenant, and a rule only names the tenant's own channels. */
@ApplicationScoped
public class RouteStore {

    static final String COLUMNS = "id, tenant_id, name, event_types, severities, channel_ids, quiet_start, quiet_end, time_zone, created_at";

    @Inject
    Pool pool;

    @Inject
    AuditTrail audit;

    public Uni<Route> create(Route r, Caller caller) {
        return ownChannels(r).chain(() -> pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO notifier.route (tenant_id, name,"
                                + " event_types, severities, channel_ids, quiet_start, quiet_end, time_zone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                                + " RETURNING " + COLUMNS)
                .execute(tuple(r, r.tenantId()))
                .map(rows -> route(rows.iterator().next()))
                .call(created -> audit.record(tx, caller, "route.created", "route", created.id(), null, RouteResource.RouteView.of(created)))));
    }

    /** Null when the tenant has no such route (checked before the channels it names, so another tenant's route is simply not found). */
    public Uni<Route> update(Route r, Caller caller) {
        return find(r.tenantId(), r.id()).chain(existing -> existing == null ? Uni.createFrom().nullItem()
                : ownChannels(r).chain(() -> pool.withTransaction(tx -> locked(tx, r.tenantId(), r.id()).chain(before -> before == null
                        ? Uni.createFrom().nullItem()
                        : tx.preparedQuery("UPDATE notifier.route SET name = $2, event_types = $3, severities = $4,"
                                        + " channel_ids = $5, quiet_start = $6, quiet_end = $7, time_zone = $8, updated_at = now()"
                                        + " WHERE tenant_id = $1 AND id = $9 RETURNING " + COLUMNS)
                                .execute(tuple(r, r.tenantId()).addLong(r.id()))
                                .map(rows -> route(rows.iterator().next()))
                                .call(after -> audit.record(tx, caller, "route.updated", "route", r.id(), RouteResource.RouteView.of(before),
                                        RouteResource.RouteView.of(after)))))));
    }

    public Uni<Boolean> delete(String tenant, long id, Caller caller) {
        return pool.withTransaction(tx -> locked(tx, tenant, id).chain(before -> before == null ? Uni.createFrom().item(false)
                : tx.preparedQuery("DELETE FROM notifier.route WHERE id = $1 AND tenant_id = $2").execute(Tuple.of(id, tenant))
                        .call(x -> audit.record(tx, caller, "route.deleted", "route", id, RouteResource.RouteView.of(before), null))
                        .map(rows -> rows.rowCount() == 1)));
    }

    private static Uni<Route> locked(SqlClient tx, String tenant, long id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM notifier.route WHERE id = $1 AND tenant_id = $2 FOR UPDATE")
                .execute(Tuple.of(id, tenant)).map(rows -> rows.size() == 0 ? null : route(rows.iterator().next()));
    }

    public Uni<Route> find(String tenant, long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM notifier.route WHERE id = $1 AND tenant_id = $2")
                .execute(Tuple.of(id, tenant)).map(rows -> rows.size() == 0 ? null : route(rows.iterator().next()));
    }

    public Uni<List<Route>> list(SqlClient client, String tenant) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM notifier.route WHERE tenant_id = $1 ORDER BY id")
                .execute(Tuple.of(tenant)).map(RouteStore::routes);
    }

    public Uni<List<Route>> list(String tenant) {
        return list(pool, tenant);
    }

    private Uni<Void> ownChannels(Route r) {
        return pool.preparedQuery("SELECT count(*) FROM notifier.channel WHERE tenant_id = $1 AND id = ANY($2) AND deleted_at IS NULL")
                .execute(Tuple.of(r.tenantId(), r.channelIds().toArray(Long[]::new)))
                .invoke(rows -> {
                    if (rows.iterator().next().getLong(0) != r.channelIds().stream().distinct().count()) {
                        throw ProblemException.validation("/channel_ids", "names a channel that does not exist");
                    }
                }).replaceWithVoid();
    }

    private static Tuple tuple(Route r, String tenant) {
        return Tuple.from(Arrays.asList(tenant, r.name(), r.eventTypes().toArray(String[]::new), r.severities().toArray(String[]::new),
                r.channelIds().toArray(Long[]::new), r.quietHours() == null ? null : r.quietHours().start(),
                r.quietHours() == null ? null : r.quietHours().end(), r.quietHours() == null ? "UTC" : r.quietHours().zone().getId()));
    }

    static List<Route> routes(RowSet<Row> rows) {
        List<Route> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(route(r)));
        return out;
    }

    static Route route(Row r) {
        LocalTime start = r.getLocalTime("quiet_start");
        LocalTime end = r.getLocalTime("quiet_end");
        QuietHours quiet = start == null || end == null ? null : new QuietHours(start, end, ZoneId.of(r.getString("time_zone")));
        return new Route(r.getLong("id"), r.getString("tenant_id"), r.getString("name"), List.of(r.getArrayOfStrings("event_types")),
                List.of(r.getArrayOfStrings("severities")), List.of(r.getArrayOfLongs("channel_ids")), quiet,
                r.getOffsetDateTime("created_at").toInstant());
    }
}
