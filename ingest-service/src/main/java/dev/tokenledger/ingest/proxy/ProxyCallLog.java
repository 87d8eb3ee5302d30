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
     * Records the start of a call on a request id the client named, and numbers it: the request may
     * have had attempts before. (Other calls are attempt 1, their starts written in batches.)
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

    /** A finished call as it is written: its final event and the tokens it used. */
    public record Finished(ProxyCall call, dev.tokenledger.ingest.usage.UsageEventRequest event, JsonObject json, Long inputTokens,
                           Long outputTokens, boolean outputEstimated) {
    }

    /** A call's key in the log. */
    public record Key(String tenant, String requestId, int attempt) {
    }

    /** The starts of calls still running, in one statement (a call already written is left as it is). */
    public Uni<Void> startedAll(List<java.util.Map.Entry<ProxyCall, JsonObject>> started) {
        if (started.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = started.size();
        String[] tenant = new String[n], request = new String[n], eventId = new String[n], provider = new String[n], operation = new String[n],
                model = new String[n], event = new String[n];
        Integer[] attempt = new Integer[n];
        Boolean[] stream = new Boolean[n];
        Long[] estimate = new Long[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ProxyCall c = started.get(i).getKey();
            tenant[i] = c.tenant;
            request[i] = c.requestId;
            attempt[i] = c.attempt;
            eventId[i] = c.eventId;
            provider[i] = c.provider.id();
            operation[i] = c.operation;
            model[i] = c.requestedModel;
            stream[i] = c.stream;
            estimate[i] = c.estimatedInputTokens;
            at[i] = c.startedAt.atOffset(ZoneOffset.UTC);
            event[i] = started.get(i).getValue().encode();
        }
        return pool.preparedQuery("INSERT INTO ingest.proxy_call (tenant_id, request_id, attempt, event_id, provider, operation, model, stream,"
                        + " status, estimated_input_tokens, started_at, event)"
                        + " SELECT t, r, a, e, p, o, m, s, 'started', est, sa, ev::jsonb FROM unnest($1::text[], $2::text[], $3::int[], $4::text[],"
                        + " $5::text[], $6::text[], $7::text[], $8::bool[], $9::bigint[], $10::timestamptz[], $11::text[])"
                        + " AS x(t, r, a, e, p, o, m, s, est, sa, ev) ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple().addArrayOfString(tenant).addArrayOfString(request).addArrayOfInteger(attempt).addArrayOfString(eventId)
                        .addArrayOfString(provider).addArrayOfString(operation).addArrayOfString(model).addArrayOfBoolean(stream)
                        .addArrayOfLong(estimate).addArrayOfOffsetDateTime(at).addArrayOfString(event))
                .replaceWithVoid();
    }

    /** How each call ended, in one statement: its row is written whole whether or not its start was. */
    public Uni<Void> finishedAll(List<Finished> finished) {
        if (finished.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = finished.size();
        String[] tenant = new String[n], request = new String[n], eventId = new String[n], provider = new String[n], operation = new String[n],
                model = new String[n], status = new String[n], event = new String[n];
        Integer[] attempt = new Integer[n], upstream = new Integer[n];
        Boolean[] stream = new Boolean[n], estimated = new Boolean[n];
        Long[] estimate = new Long[n], in = new Long[n], out = new Long[n], latency = new Long[n], firstByte = new Long[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Finished f = finished.get(i);
            ProxyCall c = f.call();
            tenant[i] = c.tenant;
            request[i] = c.requestId;
            attempt[i] = c.attempt;
            eventId[i] = c.eventId;
            provider[i] = c.provider.id();
            operation[i] = c.operation;
            model[i] = f.event().model();
            stream[i] = c.stream;
            status[i] = c.outcome.status;
            upstream[i] = c.upstreamStatus;
            estimate[i] = c.estimatedInputTokens;
            in[i] = f.inputTokens();
            out[i] = f.outputTokens();
            estimated[i] = f.outputEstimated();
            at[i] = c.startedAt.atOffset(ZoneOffset.UTC);
            latency[i] = c.latencyMs();
            firstByte[i] = c.firstByteMs();
            event[i] = f.json().encode();
        }
        return pool.preparedQuery("INSERT INTO ingest.proxy_call (tenant_id, request_id, attempt, event_id, provider, operation, model, stream,"
                        + " status, upstream_status, estimated_input_tokens, input_tokens, output_tokens, output_estimated, started_at, finished_at,"
                        + " latency_ms, first_byte_ms, event)"
                        + " SELECT t, r, a, e, p, o, m, s, st, us, est, i, ou, oe, sa, now(), l, fb, ev::jsonb FROM unnest($1::text[], $2::text[],"
                        + " $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::text[], $10::int[], $11::bigint[], $12::bigint[],"
                        + " $13::bigint[], $14::bool[], $15::timestamptz[], $16::bigint[], $17::bigint[], $18::text[])"
                        + " AS x(t, r, a, e, p, o, m, s, st, us, est, i, ou, oe, sa, l, fb, ev)"
                        + " ON CONFLICT (tenant_id, request_id, attempt) DO UPDATE SET status = EXCLUDED.status, upstream_status = EXCLUDED.upstream_status,"
                        + " model = EXCLUDED.model, input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,"
                        + " output_estimated = EXCLUDED.output_estimated, finished_at = EXCLUDED.finished_at, latency_ms = EXCLUDED.latency_ms,"
                        + " first_byte_ms = EXCLUDED.first_byte_ms, event = EXCLUDED.event")
                .execute(Tuple.tuple().addArrayOfString(tenant).addArrayOfString(request).addArrayOfInteger(attempt).addArrayOfString(eventId)
                        .addArrayOfString(provider).addArrayOfString(operation).addArrayOfString(model).addArrayOfBoolean(stream)
                        .addArrayOfString(status).addArrayOfInteger(upstream).addArrayOfLong(estimate).addArrayOfLong(in).addArrayOfLong(out)
                        .addArrayOfBoolean(estimated).addArrayOfOffsetDateTime(at).addArrayOfLong(latency).addArrayOfLong(firstByte)
                        .addArrayOfString(event))
                .replaceWithVoid();
    }

    /** These calls' events are on usage.raw. */
    public Uni<Void> publishedAll(List<Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE ingest.proxy_call c SET published = true FROM unnest($1::text[], $2::text[], $3::int[]) AS x(t, r, a)"
                        + " WHERE c.tenant_id = x.t AND c.request_id = x.r AND c.attempt = x.a")
                .execute(Tuple.tuple().addArrayOfString(keys.stream().map(Key::tenant).toArray(String[]::new))
                        .addArrayOfString(keys.stream().map(Key::requestId).toArray(String[]::new))
                        .addArrayOfInteger(keys.stream().map(Key::attempt).toArray(Integer[]::new)))
                .replaceWithVoid();
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
