package dev.tokenledger.ingest.apikey;

import dev.tokenledger.common.access.ApiKey;
import dev.tokenledger.common.access.ApiKeyDirectory;
import dev.tokenledger.common.access.ApiKeyFormat;
import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Mints, lists and revokes a tenant's API keys in {@code access.api_key}; every change is written to
 * the audit log in the same transaction. The full key exists only in the creation answer.
 */
@ApplicationScoped
public class ApiKeyStore {

    private static final String COLUMNS = "key_id, tenant_id, project, scopes, name, rate_limit_per_minute, created_at, created_by,"
            + " revoked_at, last_used_at";

    @Inject
    Pool pool;

    @Inject
    AuditTrail audit;

    @Inject
    ApiKeyDirectory directory;

    public Uni<ApiKeyView.Created> create(Caller caller, ApiKeyRequest.Valid r) {
        ApiKeyFormat.Minted minted = ApiKeyFormat.mint();
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO access.api_key (key_id, tenant_id, project, scopes, name, salt,"
                                + " secret_hash, rate_limit_per_minute, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING " + COLUMNS)
                        .execute(Tuple.tuple(List.of(minted.id(), caller.tenantId())).addValue(r.project())
                                .addArrayOfString(r.scopes().toArray(String[]::new)).addValue(r.name())
                                .addBuffer(Buffer.buffer(minted.salt())).addBuffer(Buffer.buffer(minted.secretHash()))
                                .addInteger(r.rateLimitPerMinute()).addValue(caller.subject()))
                        .map(ApiKeyStore::one)
                        .call(view -> audit.record(tx, caller, "api_key.created", "api_key", view.id(), null, view)))
                .map(view -> new ApiKeyView.Created(minted.fullKey(), view));
    }

    public Uni<List<ApiKeyView>> list(String tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM access.api_key WHERE tenant_id = $1 ORDER BY created_at, key_id")
                .execute(Tuple.of(tenant)).map(ApiKeyStore::all);
    }

    public Uni<ApiKeyView> get(String tenant, String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM access.api_key WHERE tenant_id = $1 AND key_id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> all(rows).stream().findFirst().orElseThrow(() -> ProblemException.notFound("API key " + id)));
    }

    /** Revokes a key of the caller's tenant; revoking it again changes nothing. */
    public Uni<ApiKeyView> revoke(Caller caller, String id) {
        String tenant = caller.tenantId();
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT " + COLUMNS + " FROM access.api_key WHERE tenant_id = $1 AND key_id = $2 FOR UPDATE")
                        .execute(Tuple.of(tenant, id))
                        .chain(rows -> {
                            ApiKeyView before = all(rows).stream().findFirst().orElseThrow(() -> ProblemException.notFound("API key " + id));
                            if (before.revokedAt() != null) {
                                return Uni.createFrom().item(before);
                            }
                            return tx.preparedQuery("UPDATE access.api_key SET revoked_at = now(), revoked_by = $3 WHERE tenant_id = $1 AND key_id = $2"
                                            + " RETURNING " + COLUMNS)
                                    .execute(Tuple.of(tenant, id, caller.subject()))
                                    .map(ApiKeyStore::one)
                                    .call(after -> audit.record(tx, caller, "api_key.revoked", "api_key", id, before, after));
                        }))
                .invoke(() -> directory.forget(id));
    }

    private static ApiKeyView one(RowSet<Row> rows) {
        return all(rows).get(0);
    }

    private static List<ApiKeyView> all(RowSet<Row> rows) {
        List<ApiKeyView> views = new ArrayList<>();
        for (Row row : rows) {
            ApiKey key = ApiKeyDirectory.read(row);
            views.add(ApiKeyView.of(key));
        }
        return views;
    }
}
