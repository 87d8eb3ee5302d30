package dev.tokenledger.ingest.providerkey;

import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's provider keys in {@code ingest.provider_key}, sealed by {@link KeyEncryption}: stored,
 * rotated and revoked with an audit line in the same transaction, and opened only for the proxy.
 * At most one active key per tenant, provider and name.
 */
@ApplicationScoped
public class ProviderKeyStore {

    private static final String COLUMNS = "key_id, provider, name, hint, version, kek_id, created_at, created_by, rotated_at, rotated_by,"
            + " revoked_at, revoked_by";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool pool;

    @Inject
    AuditTrail audit;

    @Inject
    ProviderKeyConfig config;

    @Inject
    ManagedProviderKeys cache;

    private KeyEncryption encryption;

    @PostConstruct
    void init() {
        config.keyEncryptionKey().ifPresent(current -> {
            Map<String, String> keks = new LinkedHashMap<>(config.previousKeyEncryptionKeys());
            keks.put(config.keyEncryptionKeyId(), current);
            encryption = new KeyEncryption(config.keyEncryptionKeyId(), keks);
        });
    }

    public boolean enabled() {
        return encryption != null;
    }

    private KeyEncryption encryption() {
        if (encryption == null) {
            throw ProblemException.unavailable("managed provider keys are off: this installation has no key-encryption key"
                    + " (tokenledger.provider-keys.key-encryption-key)", 3600);
        }
        return encryption;
    }

    /** What a sealed key is bound to: moved onto any other row it no longer opens. */
    static String boundTo(String tenant, String keyId, String provider, int version) {
        return tenant + "\n" + keyId + "\n" + provider + "\n" + version;
    }

    public Uni<ProviderKeyView> create(Caller caller, ProviderKeyRequest.Valid r) {
        String tenant = caller.tenantId();
        String id = "pk_" + HexFormat.of().formatHex(randomBytes(10));
        KeyEncryption.Sealed sealed = encryption().seal(r.key(), boundTo(tenant, id, r.provider(), 1));
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO ingest.provider_key (key_id, tenant_id, provider, name, hint, version,"
                                + " kek_id, nonce, ciphertext, created_by) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9) RETURNING " + COLUMNS)
                        .execute(Tuple.tuple(List.of(id, tenant, r.provider(), r.name(), ProviderKeyView.hint(r.key()), sealed.kekId()))
                                .addBuffer(Buffer.buffer(sealed.nonce())).addBuffer(Buffer.buffer(sealed.ciphertext())).addString(caller.subject()))
                        .map(ProviderKeyStore::one)
                        .call(view -> audit.record(tx, caller, "provider_key.created", "provider_key", id, null, view)))
                .onFailure(ProviderKeyStore::activeNameTaken).transform(e -> ProblemException.conflict("an active " + r.provider()
                        + " key named '" + r.name() + "' exists: rotate it (POST /v1/provider-keys/{id}/rotation) or revoke it first"))
                .invoke(() -> cache.forget(tenant, r.provider(), r.name()));
    }

    public Uni<List<ProviderKeyView>> list(String tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingest.provider_key WHERE tenant_id = $1 ORDER BY created_at, key_id")
                .execute(Tuple.of(tenant)).map(ProviderKeyStore::all);
    }

    public Uni<ProviderKeyView> get(String tenant, String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ingest.provider_key WHERE tenant_id = $1 AND key_id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> all(rows).stream().findFirst().orElseThrow(() -> ProblemException.notFound("provider key " + id)));
    }

    /** Replaces the key's secret (same id, name and provider; the version goes up). A revoked key cannot be rotated. */
    public Uni<ProviderKeyView> rotate(Caller caller, String id, String newKey) {
        String tenant = caller.tenantId();
        KeyEncryption enc = encryption();
        return pool.withTransaction(tx -> locked(tx, tenant, id).chain(before -> {
                    if (before.revokedAt() != null) {
                        throw ProblemException.conflict("provider key " + id + " is revoked; store a new one");
                    }
                    int version = before.version() + 1;
                    KeyEncryption.Sealed sealed = enc.seal(newKey, boundTo(tenant, id, before.provider(), version));
                    return tx.preparedQuery("UPDATE ingest.provider_key SET hint = $3, version = $4, kek_id = $5, nonce = $6, ciphertext = $7,"
                                    + " rotated_at = now(), rotated_by = $8 WHERE tenant_id = $1 AND key_id = $2 RETURNING " + COLUMNS)
                            .execute(Tuple.tuple(List.of(tenant, id, ProviderKeyView.hint(newKey), version, sealed.kekId()))
                                    .addBuffer(Buffer.buffer(sealed.nonce())).addBuffer(Buffer.buffer(sealed.ciphertext())).addString(caller.subject()))
                            .map(ProviderKeyStore::one)
                            .call(after -> audit.record(tx, caller, "provider_key.rotated", "provider_key", id, before, after));
                }))
                .invoke(after -> cache.forget(tenant, after.provider(), after.name()));
    }

    /** Revokes the key: the proxy stops using it; revoking it again changes nothing. */
    public Uni<ProviderKeyView> revoke(Caller caller, String id) {
        String tenant = caller.tenantId();
        return pool.withTransaction(tx -> locked(tx, tenant, id).chain(before -> {
                    if (before.revokedAt() != null) {
                        return Uni.createFrom().item(before);
                    }
                    // the sealed secret goes with the revocation: nothing is kept that could still be opened
                    return tx.preparedQuery("UPDATE ingest.provider_key SET revoked_at = now(), revoked_by = $3, nonce = NULL, ciphertext = NULL"
                                    + " WHERE tenant_id = $1 AND key_id = $2 RETURNING " + COLUMNS)
                            .execute(Tuple.of(tenant, id, caller.subject()))
                            .map(ProviderKeyStore::one)
                            .call(after -> audit.record(tx, caller, "provider_key.revoked", "provider_key", id, before, after));
                }))
                .invoke(after -> cache.forget(tenant, after.provider(), after.name()));
    }

    /** The active key of a tenant for a provider under a name, opened; empty when there is none. */
    Uni<Optional<String>> open(String tenant, String provider, String name) {
        if (encryption == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery("SELECT key_id, version, kek_id, nonce, ciphertext FROM ingest.provider_key"
                        + " WHERE tenant_id = $1 AND provider = $2 AND name = $3 AND revoked_at IS NULL")
                .execute(Tuple.of(tenant, provider, name))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    KeyEncryption.Sealed sealed = new KeyEncryption.Sealed(row.getString("kek_id"), row.getBuffer("nonce").getBytes(),
                            row.getBuffer("ciphertext").getBytes());
                    return Optional.of(encryption.open(sealed, boundTo(tenant, row.getString("key_id"), provider, row.getInteger("version"))));
                });
    }

    private static Uni<ProviderKeyView> locked(SqlClient tx, String tenant, String id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM ingest.provider_key WHERE tenant_id = $1 AND key_id = $2 FOR UPDATE")
                .execute(Tuple.of(tenant, id))
                .map(rows -> all(rows).stream().findFirst().orElseThrow(() -> ProblemException.notFound("provider key " + id)));
    }

    private static boolean activeNameTaken(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static ProviderKeyView one(RowSet<Row> rows) {
        return all(rows).get(0);
    }

    private static List<ProviderKeyView> all(RowSet<Row> rows) {
        List<ProviderKeyView> views = new ArrayList<>();
        for (Row r : rows) {
            views.add(new ProviderKeyView(r.getString("key_id"), r.getString("provider"), r.getString("name"), r.getString("hint"),
                    r.getInteger("version"), r.getString("kek_id"), instant(r, "created_at"), r.getString("created_by"), instant(r, "rotated_at"),
                    r.getString("rotated_by"), instant(r, "revoked_at"), r.getString("revoked_by")));
        }
        return views;
    }

    private static java.time.Instant instant(Row r, String column) {
        var t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
