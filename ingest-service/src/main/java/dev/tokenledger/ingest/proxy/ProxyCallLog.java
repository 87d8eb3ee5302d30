package dev.tokenledger.ingest.proxy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's own record of every call ({@code ingest.proxy_call}): written when the call starts,
 * with the usage event it would be recorded as; updated once when it ends; marked when that event
 * is on usage.raw. A retry of a client request is the next attempt of the same request id.
 */
@ApplicationScoped
public class ProxyCallLog {

    /** An attempt as the tenant sees it on {@code GET /v1/proxy/requests/{id}}. */
    public record Attempt(int attempt, String requestId, String eventId, String provider, String operation, String model, boolean stream,
                          String status, Integer upstreamStatus, long estimatedInputTokens, Long inputTokens, Long outputTokens,
                          boolean outputEstimated, Instant startedAt, Instant finishedAt, Long latencyMs, Long firstByteMs) {
    }

    /** A call whose event is not on usage.raw yet: its tenant, id, and the event as last written. */
    public record Unpublished(String tenant, String requestId, int attempt, boolean finished, JsonObject event) {
    }

    private static final int MAX_ATTEMPT_RACES = 5;

    @Inject
    Pool pool;

    /**
     * Records the start of {@code call} and numbers it: a request id the client named may have had
     * attempts before; one the proxy made is always attempt 1.
     */
    public Uni<Integer> begin(ProxyCall call, JsonObject startedEvent) {
        return insert(call, startedEvent, 1);
    }

    private Uni<Integer> insert(ProxyCall call, JsonObject startedEvent, int race) {
        String attempt = call.clientNamedRequest
                ? "(SELECT coalesce(max(attempt), 0) + 1 FROM ingest.proxy_call WHERE tenant_id = $1 AND request_id = $2)" : "1";
        Tuple args = Tuple.tuple().addString(call.tenant).addString(call.requestId).addString(call.eventId).addString(call.provider.id())
                .addString(call.operation).addString(call.requestedModel).addBoolean(call.stream).addLong(call.estimatedInputTokens)
                .addOffsetDateTime(call.startedAt.atOffset(ZoneOffset.UTC)).addValue(startedEvent);
        return pool.preparedQuery("INSERT INTO ingest.proxy_call (tenant_id, request_id, attempt, event_id, provider, operation, model, stream,"
                        + " status, estimated_input_tokens, started_at, event) VALUES ($1, $2, " + attempt + ", $3, $4, $5, $6, $7, 'started', $8, $9, $10)"
                        + " ON CONFLICT DO NOTHING RETURNING attempt")
                .execute(args).chain(rows -> {
                    if (rows.iterator().hasNext()) {
                        return Uni.createFrom().item(rows.iterator().next().getInteger(0));
                    }
                    if (race >= MAX_ATTEMPT_RACES) {
                        return Uni.createFrom().failure(new IllegalStateException("request " + call.requestId + " keeps being retried concurrently"));
                    }
                    return insert(call, startedEvent, race + 1);
                });
    }

    public Uni<Void> finish(ProxyCall call, JsonObject event, Long inputTokens, Long outputTokens, boolean outputEstimated) {
        Tuple args = Tuple.tuple().addString(call.tenant).addString(call.requestId).addInteger(call.attempt).addString(call.outcome.status)
                .addValue(call.upstreamStatus).addValue(inputTokens).addValue(outputTokens).addBoolean(outputEstimated)
                .addLong(call.latencyMs()).addValue(call.firstByteMs()).addValue(event).addString(event.getString("model"));
        return pool.preparedQuery("UPDATE ingest.proxy_call SET status = $4, upstream_status = $5, input_tokens = $6, output_tokens = $7,"
                        + " output_estimated = $8, finished_at = now(), latency_ms = $9, first_byte_ms = $10, event = $11, model = $12"
                        + " WHERE tenant_id = $1 AND request_id = $2 AND attempt = $3")
                .execute(args).replaceWithVoid();
    }

    public Uni<Void> published(String tenant, String requestId, int attempt) {
        return pool.preparedQuery("UPDATE ingest.proxy_call SET published = true WHERE tenant_id = $1 AND request_id = $2 AND attempt = $3")
                .execute(Tuple.of(tenant, requestId, attempt)).replaceWithVoid();
    }

    public Uni<List<Attempt>> attempts(String tenant, String requestId) {
        return pool.preparedQuery("SELECT attempt, event_id, provider, operation, model, stream, status, upstream_status, estimated_input_tokens,"
                        + " input_tokens, output_tokens, output_estimated, started_at, finished_at, latency_ms, first_byte_ms"
                        + " FROM ingest.proxy_call WHERE tenant_id = $1 AND request_id = $2 ORDER BY attempt")
                .execute(Tuple.of(tenant, requestId)).map(rows -> {
                    List<Attempt> list = new ArrayList<>();
                    for (Row r : rows) {
                        int n = r.getInteger(0);
                        list.add(new Attempt(n, n == 1 ? requestId : requestId + "#" + n, r.getString(1), r.getString(2), r.getString(3),
                                r.getString(4), r.getBoolean(5), r.getString(6), r.getInteger(7), r.getLong(8), r.getLong(9), r.getLong(10),
                                r.getBoolean(11), instant(r.getOffsetDateTime(12)), instant(r.getOffsetDateTime(13)), r.getLong(14), r.getLong(15)));
                    }
                    return list;
                });
    }

    /**
     * Calls whose event is not on usage.raw: finished ones older than {@code settle} (their own
     * publish failed), and ones still started after {@code abandoned} (the proxy stopped mid-call).
     */
    public Uni<List<Unpublished>> unpublished(Duration settle, Duration abandoned, int limit) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return pool.preparedQuery("SELECT tenant_id, request_id, attempt, finished_at IS NOT NULL, event FROM ingest.proxy_call"
                        + " WHERE NOT published AND ((finished_at IS NOT NULL AND finished_at < $1) OR (finished_at IS NULL AND started_at < $2))"
                        + " ORDER BY started_at LIMIT $3")
                .execute(Tuple.of(now.minus(settle), now.minus(abandoned), limit)).map(rows -> {
                    List<Unpublished> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new Unpublished(r.getString(0), r.getString(1), r.getInteger(2), r.getBoolean(3), (JsonObject) r.getValue(4)));
                    }
                    return list;
                });
    }

    /** Completes a call the proxy abandoned, as an error with its estimate. */
    public Uni<Void> abandon(Unpublished call, JsonObject event) {
        return pool.preparedQuery("UPDATE ingest.proxy_call SET status = 'error', finished_at = now(), event = $4"
                        + " WHERE tenant_id = $1 AND request_id = $2 AND attempt = $3 AND finished_at IS NULL")
                .execute(Tuple.of(call.tenant(), call.requestId(), call.attempt(), event)).replaceWithVoid();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
