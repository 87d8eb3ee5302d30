package dev.tokenledger.common.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.common.caller.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the service's {@code audit_log}. {@link #record} takes the connection of the
 * change's own transaction, so a change and its audit line commit or roll back together. Callers
 * pass the object as the API shows it (secrets are never part of that view).
 */
@ApplicationScoped
public class AuditTrail {

    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.flyway.schemas")
    String schema;

    /** Who made a change: the subject and the tenant it belongs to (a platform admin's own, when acting for another). */
    public record Actor(String subject, String homeTenant) {
        public static Actor of(Caller caller) {
            return new Actor(caller.subject(), caller.homeTenant());
        }

        /** The service itself (e.g. importing the bundled price lists at first start). */
        public static Actor system(String name) {
            return new Actor(name, "*");
        }
    }

    /** Records a change by the current caller in the caller's tenant; {@code before} or {@code after} is null for a creation or deletion. */
    public Uni<Void> record(SqlClient tx, Caller caller, String action, String objectType, Object objectId, Object before, Object after) {
        return record(tx, Actor.of(caller), caller.tenantId(), action, objectType, objectId, before, after);
    }

    /** Records a change in {@code tenant}'s log ({@code *} for the platform: the public price catalogue). */
    public Uni<Void> record(SqlClient tx, Actor actor, String tenant, String action, String objectType, Object objectId, Object before,
                            Object after) {
        return tx.preparedQuery("INSERT INTO " + schema + ".audit_log (tenant_id, actor, actor_tenant, action, object_type, object_id,"
                        + " before, after) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb)")
                .execute(Tuple.tuple(List.of(tenant, actor.subject(), actor.homeTenant(), action, objectType, String.valueOf(objectId)))
                        .addValue(text(before)).addValue(text(after)))
                .replaceWithVoid();
    }

    /** The newest entries of a tenant first, before the entry id {@code beforeId} when given. */
    public Uni<List<AuditEntry>> read(String tenant, String objectType, String objectId, Long beforeId, int limit) {
        return pool.preparedQuery("SELECT id, tenant_id, at, actor, actor_tenant, action, object_type, object_id, before::text AS b,"
                        + " after::text AS a FROM " + schema + ".audit_log WHERE tenant_id = $1 AND ($2::text IS NULL OR object_type = $2)"
                        + " AND ($3::text IS NULL OR object_id = $3) AND ($4::bigint IS NULL OR id < $4) ORDER BY id DESC LIMIT $5")
                .execute(Tuple.of(tenant, objectType, objectId, beforeId, limit))
                .map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(new AuditEntry(row.getLong("id"), row.getString("tenant_id"), row.getOffsetDateTime("at").toInstant(),
                                row.getString("actor"), row.getString("actor_tenant"), row.getString("action"),
                                row.getString("object_type"), row.getString("object_id"), node(row.getString("b")), node(row.getString("a"))));
                    }
                    return entries;
                });
    }

    private String text(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit snapshot of " + value.getClass().getSimpleName(), e);
        }
    }

    private JsonNode node(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
