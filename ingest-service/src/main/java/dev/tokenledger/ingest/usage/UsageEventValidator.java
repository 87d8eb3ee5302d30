package dev.tokenledger.ingest.usage;

import dev.tokenledger.common.problem.Problem.FieldError;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a whole batch before anything is written; every error names the event index and field. */
public class UsageEventValidator {

    static final int MAX_EVENT_ID = 128;
    static final long MAX_TOKENS = 100_000_000L;
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private final Clock clock;

    public UsageEventValidator(Clock clock) {
        this.clock = clock;
    }

    public List<FieldError> validate(List<UsageEventRequest> events) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            UsageEventRequest e = events.get(i);
            String at = "/" + i + "/";
            if (e == null) {
                errors.add(new FieldError("/" + i, "an event must be an object"));
                continue;
            }
            if (e.eventId() != null) {
                if (e.eventId().isBlank() || e.eventId().length() > MAX_EVENT_ID) {
                    errors.add(new FieldError(at + "event_id", "must be 1 to " + MAX_EVENT_ID + " characters"));
                } else if (!ids.add(e.eventId())) {
                    errors.add(new FieldError(at + "event_id", "appears more than once in this batch"));
                }
            }
            if (e.provider() == null || e.provider().isBlank()) {
                errors.add(new FieldError(at + "provider", "is required"));
            }
            if (e.model() == null || e.model().isBlank()) {
                errors.add(new FieldError(at + "model", "is required"));
            }
            if (e.occurredAt() != null && e.occurredAt().toInstant().isAfter(clock.instant().plus(MAX_FUTURE))) {
                errors.add(new FieldError(at + "occurred_at", "is more than 5 minutes in the future"));
            }
            if (e.latencyMs() != null && e.latencyMs() < 0) {
                errors.add(new FieldError(at + "latency_ms", "must not be negative"));
            }
            if (e.usage() != null) {
                checkTokens(errors, at + "usage/input_tokens", e.usage().inputTokens());
                checkTokens(errors, at + "usage/cache_read_tokens", e.usage().cacheReadTokens());
                checkTokens(errors, at + "usage/cache_write_tokens", e.usage().cacheWriteTokens());
                checkTokens(errors, at + "usage/cache_write_1h_tokens", e.usage().cacheWrite1hTokens());
                checkTokens(errors, at + "usage/output_tokens", e.usage().outputTokens());
                checkTokens(errors, at + "usage/reasoning_tokens", e.usage().reasoningTokens());
                if (e.usage().reasoningTokens() > e.usage().outputTokens()) {
                    errors.add(new FieldError(at + "usage/reasoning_tokens", "is part of output_tokens and cannot exceed it"));
                }
            }
        }
        return errors;
    }

    private static void checkTokens(List<FieldError> errors, String pointer, long value) {
        if (value < 0) {
            errors.add(new FieldError(pointer, "must not be negative"));
        } else if (value > MAX_TOKENS) {
            errors.add(new FieldError(pointer, "is larger than " + MAX_TOKENS + " tokens for one call"));
        }
    }
}
