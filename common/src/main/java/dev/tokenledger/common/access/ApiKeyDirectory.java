package dev.tokenledger.common.access;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks presented API keys against {@code access.api_key}, shared by every service. A looked-up
 * row is cached for {@code tokenledger.api-keys.cache-ttl} (default 5 s): revoking a key takes effect
 * at once in the replica that revoked it and within that time everywhere else. While the database
 * cannot be reached, a key the replica has seen keeps working from its cached row. Last-used time is
 * written at most once a minute per key and replica, so a busy key costs no write per request.
 */
@ApplicationScoped
public class ApiKeyDirectory {

    private static final Logger LOG = Logger.getLogger(ApiKeyDirectory.class);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    record Stored(ApiKey key, byte[] salt, byte[] hash, Instant fetchedAt) {
    }

    private final ConcurrentHashMap<String, Stored> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> touched = new ConcurrentHashMap<>();

    @Inject
    Pool pool;

    @ConfigProperty(name = "tokenledger.api-keys.cache-ttl", defaultValue = "5s")
    Duration cacheTtl;

    /** The key a caller presented, if it exists, is not revoked and its secret matches. */
    public Uni<Optional<ApiKey>> verify(ApiKeyFormat.Presented presented) {
        return stored(presented.id()).map(found -> found
                .filter(s -> !s.key().revoked() && ApiKeyFormat.matches(s.salt(), s.hash(), presented.secret()))
                .map(s -> {
                    touch(s.key().id());
                    return s.key();
                }));
    }

    /** Drops a cached row (after a revocation in this replica). */
    public void forget(String keyId) {
        cache.remove(keyId);
    }

    private Uni<Optional<Stored>> stored(String id) {
        Stored cached = cache.get(id);
        Instant now = Instant.now();
        if (cached != null && cached.fetchedAt().plus(cacheTtl).isAfter(now)) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        return pool.preparedQuery("SELECT key_id, tenant_id, project, scopes, name, rate_limit_per_minute, created_at, created_by,"
                        + " revoked_at, last_used_at, salt, secret_hash FROM access.api_key WHERE key_id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.<Stored>empty();
                    }
                    Row row = rows.iterator().next();
                    Stored s = new Stored(read(row), row.getBuffer("salt").getBytes(), row.getBuffer("secret_hash").getBytes(), now);
                    cache.put(id, s);
                    return Optional.of(s);
                })
                // the database is down: a key this replica knew keeps working (a revocation cannot reach it now anyway)
                .onFailure().recoverWithUni(e -> cached != null ? Uni.createFrom().item(Optional.of(cached)) : Uni.createFrom().failure(e));
    }

    private void touch(String id) {
        Instant now = Instant.now();
        Instant last = touched.get(id);
        if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) {
            return;
        }
        touched.put(id, now);
        pool.preparedQuery("UPDATE access.api_key SET last_used_at = now() WHERE key_id = $1").execute(Tuple.of(id))
                .subscribe().with(ok -> { }, e -> LOG.warnf("could not record last use of API key %s: %s", ApiKeyFormat.redact(id), e.getMessage()));
    }

    /** Maps a row of {@code access.api_key} (without the secret columns). */
    public static ApiKey read(Row row) {
        return new ApiKey(row.getString("key_id"), row.getString("tenant_id"), row.getString("project"),
                new HashSet<>(Arrays.asList(row.getArrayOfStrings("scopes"))), row.getString("name"),
                row.getInteger("rate_limit_per_minute"), instant(row.getOffsetDateTime("created_at")), row.getString("created_by"),
                instant(row.getOffsetDateTime("revoked_at")), instant(row.getOffsetDateTime("last_used_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
