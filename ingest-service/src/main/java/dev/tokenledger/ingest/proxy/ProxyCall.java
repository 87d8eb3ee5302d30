package dev.tokenledger.ingest.proxy;

import dev.tokenledger.common.events.Attribution;

import java.time.Instant;

/**
 * One attempt of a client request through the proxy, from its start to how it ended. The attempt
 * id ({@link #attemptId()}) is the request id of its budget hold and of its usage event, so the
 * priced event settles exactly this attempt's hold.
 */
public final class ProxyCall {

    /** How a call ended, as the usage event's status. */
    public enum Outcome {
        SUCCESS("success"), ERROR("error"), RATE_LIMITED("rate_limited"), CANCELLED("cancelled"), DENIED("denied");

        public final String status;

        Outcome(String status) {
            this.status = status;
        }

        /** The outcome of an upstream answer with this HTTP status. */
        public static Outcome ofUpstream(int status) {
            return status == 429 ? RATE_LIMITED : status >= 400 ? ERROR : SUCCESS;
        }
    }

    final String tenant;
    final String requestId;
    final boolean clientNamedRequest;
    final ProxyProvider provider;
    final String operation;
    final String requestedModel;
    final boolean stream;
    final long estimatedInputTokens;
    final Attribution attribution;
    final String eventId;
    final Instant startedAt;
    final long startedNanos;
    int attempt = 1;

    volatile Outcome outcome;
    volatile Integer upstreamStatus;
    volatile Long firstByteNanos;
    volatile Long upstreamSentNanos;
    volatile long finishedNanos;

    ProxyCall(String tenant, String requestId, boolean clientNamedRequest, ProxyProvider provider, String operation, String requestedModel,
              boolean stream, long estimatedInputTokens, Attribution attribution, String eventId, Instant startedAt, long startedNanos) {
        this.tenant = tenant;
        this.requestId = requestId;
        this.clientNamedRequest = clientNamedRequest;
        this.provider = provider;
        this.operation = operation;
        this.requestedModel = requestedModel;
        this.stream = stream;
        this.estimatedInputTokens = estimatedInputTokens;
        this.attribution = attribution;
        this.eventId = eventId;
        this.startedAt = startedAt;
        this.startedNanos = startedNanos;
    }

    /** The request id of this attempt: the client's own for the first, {@code <id>#<n>} for a retry. */
    public String attemptId() {
        return attempt == 1 ? requestId : requestId + "#" + attempt;
    }

    public boolean metered() {
        return !operation.equals("api-call");
    }

    long latencyMs() {
        return (finishedNanos - startedNanos) / 1_000_000;
    }

    Long firstByteMs() {
        Long first = firstByteNanos;
        return first == null ? null : (first - startedNanos) / 1_000_000;
    }
}
