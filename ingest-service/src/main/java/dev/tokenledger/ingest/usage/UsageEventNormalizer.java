package dev.tokenledger.ingest.usage;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.ReportedCost;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.problem.Problem.FieldError;
import dev.tokenledger.ingest.provider.ProviderUsage;
import dev.tokenledger.ingest.provider.ProviderUsageException;
import dev.tokenledger.ingest.provider.ProviderUsageMapper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a whole batch of requests into {@code usage.raw} events, or into the complete list of what
 * is wrong with it — every bad event by index and field — so that nothing of a bad batch is written.
 * Plain Java: unit tests drive it without Quarkus.
 */
public class UsageEventNormalizer {

    public static final Set<String> OPERATIONS = Set.of("chat", "completion", "responses", "embedding", "image", "audio",
            "speech", "transcription", "moderation", "rerank", "batch", "search", "tool", "api-call");
    public static final Set<String> STATUSES = Set.of("success", "error", "rate_limited", "cancelled", "started", "denied");
    public static final Set<String> SERVICE_TIERS = Set.of("standard", "batch", "flex", "priority");

    static final int MAX_EVENT_ID = 128;
    static final int MAX_TEXT = 256;
    static final long MAX_TOKENS = 100_000_000L;
    static final long MAX_LATENCY_MS = Duration.ofDays(1).toMillis();
    static final int MAX_TAGS = 32;
    static final int MAX_TAG_KEY = 64;
    static final int MAX_UNITS = 32;
    static final BigDecimal MAX_UNIT_VALUE = new BigDecimal("1000000000000");
    static final BigDecimal MAX_REPORTED_COST = new BigDecimal("1000000000");
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    static final Instant EARLIEST = Instant.parse("2015-01-01T00:00:00Z");

    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/-]{1," + MAX_TAG_KEY + "}");
    private static final Pattern UNIT = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    public record Result(List<UsageRecorded> events, List<FieldError> errors) {
    }

    private final Clock clock;
    private final ProviderUsageMapper providerUsage = new ProviderUsageMapper();

    public UsageEventNormalizer(Clock clock) {
        this.clock = clock;
    }

    /** The normalised event, or the errors of it as a one-event batch. */
    public Result normalize(String tenantId, UsageEventRequest event) {
        return normalize(tenantId, List.of(event));
    }

    public Result normalize(String tenantId, List<UsageEventRequest> batch) {
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        List<UsageRecorded> events = new ArrayList<>(batch.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Errors e = new Errors(errors, "/" + i + "/");
            UsageEventRequest r = batch.get(i);
            if (r == null) {
                errors.add(new FieldError("/" + i, "an event must be an object"));
                continue;
            }
            UsageRecorded event = normalize(tenantId, r, now, e);
            if (event != null && !ids.add(event.eventId())) {
                e.add("event_id", "appears more than once in this batch");
            }
            events.add(event);
        }
        return new Result(errors.isEmpty() ? events : List.of(), errors);
    }

    private UsageRecorded normalize(String tenantId, UsageEventRequest r, Instant now, Errors e) {
        String eventId = r.eventId() != null ? r.eventId() : UuidV7.next(clock).toString();
        if (eventId.isBlank() || eventId.length() > MAX_EVENT_ID || CONTROL.matcher(eventId).find()) {
            e.add("event_id", "must be 1 to " + MAX_EVENT_ID + " printable characters");
        }
        Instant occurredAt = r.occurredAt() != null ? r.occurredAt().toInstant() : now;
        if (occurredAt.isAfter(now.plus(MAX_FUTURE))) {
            e.add("occurred_at", "is more than 5 minutes in the future");
        } else if (occurredAt.isBefore(EARLIEST)) {
            e.add("occurred_at", "is before " + EARLIEST);
        }
        if (r.provider() == null || !PROVIDER.matcher(r.provider()).matches()) {
            e.add("provider", r.provider() == null ? "is required" : "must be a lower-case provider name such as openai, anthropic or openrouter");
        }
        String operation = r.operation() != null ? r.operation() : "chat";
        if (!OPERATIONS.contains(operation)) {
            e.add("operation", "must be one of " + new java.util.TreeSet<>(OPERATIONS));
        }
        String status = r.status() != null ? r.status() : "success";
        if (!STATUSES.contains(status)) {
            e.add("status", "must be one of " + new java.util.TreeSet<>(STATUSES));
        }
        text(e, "request_id", r.requestId());
        if (r.latencyMs() != null && (r.latencyMs() < 0 || r.latencyMs() > MAX_LATENCY_MS)) {
            e.add("latency_ms", "must be between 0 and " + MAX_LATENCY_MS);
        }
        if (r.serviceTier() != null && !SERVICE_TIERS.contains(r.serviceTier())) {
            e.add("service_tier", "must be one of " + new java.util.TreeSet<>(SERVICE_TIERS));
        }

        Usage usage = r.usage();
        String model = r.model();
        String tier = r.serviceTier();
        ReportedCost reported = reportedCost(r.reportedCost(), e);
        if (r.usage() != null && r.providerUsage() != null) {
            e.add("provider_usage", "give either usage or provider_usage, not both");
        } else if (r.providerUsage() != null && r.provider() != null) {
            try {
                ProviderUsage mapped = providerUsage.map(r.provider(), r.providerUsage());
                usage = mapped.usage();
                model = model != null ? model : mapped.model();
                tier = tier != null ? tier : mapped.serviceTier();
                reported = reported != null ? reported : mapped.reportedCost();
            } catch (ProviderUsageException ex) {
                e.add("provider_usage" + ex.pointer(), ex.getMessage());
            }
        }
        if (usage == null) {
            usage = new Usage(0, 0, 0, 0, 0, 0, Map.of());
        } else {
            checkUsage(usage, e);
        }
        if (model == null || model.isBlank()) {
            e.add("model", "is required (or given by provider_usage)");
        } else {
            text(e, "model", model);
        }
        Attribution attribution = r.attribution() != null ? r.attribution() : Attribution.none();
        checkAttribution(attribution, e);
        if (e.any()) {
            return null;
        }
        return new UsageRecorded(UsageRecorded.SCHEMA_VERSION, UsageRecorded.TYPE, tenantId, eventId, occurredAt, now,
                r.provider(), model, operation, status, r.requestId(), r.latencyMs(), tier != null ? tier : "standard",
                usage, reported, attribution);
    }

    private static void checkUsage(Usage u, Errors e) {
        tokens(e, "usage/input_tokens", u.inputTokens());
        tokens(e, "usage/cache_read_tokens", u.cacheReadTokens());
        tokens(e, "usage/cache_write_tokens", u.cacheWriteTokens());
        tokens(e, "usage/cache_write_1h_tokens", u.cacheWrite1hTokens());
        tokens(e, "usage/output_tokens", u.outputTokens());
        tokens(e, "usage/reasoning_tokens", u.reasoningTokens());
        if (u.reasoningTokens() > u.outputTokens()) {
            e.add("usage/reasoning_tokens", "is part of output_tokens and cannot exceed it");
        }
        if (u.units().size() > MAX_UNITS) {
            e.add("usage/units", "at most " + MAX_UNITS + " units");
        }
        u.units().forEach((name, value) -> {
            if (!UNIT.matcher(name).matches()) {
                e.add("usage/units/" + name, "unit names are lower-case letters, digits and _, up to 64");
            } else if (value == null || value.signum() < 0 || value.compareTo(MAX_UNIT_VALUE) > 0) {
                e.add("usage/units/" + name, "must be between 0 and " + MAX_UNIT_VALUE.toPlainString());
            }
        });
    }

    private static ReportedCost reportedCost(UsageEventRequest.ReportedCostRequest c, Errors e) {
        if (c == null) {
            return null;
        }
        if (c.amount() == null) {
            e.add("reported_cost/amount", "is required, as a decimal string");
            return null;
        }
        BigDecimal amount;
        try {
            amount = Money.parseDecimal(c.amount());
        } catch (IllegalArgumentException ex) {
            e.add("reported_cost/amount", ex.getMessage());
            return null;
        }
        if (amount.signum() < 0 || amount.compareTo(MAX_REPORTED_COST) > 0) {
            e.add("reported_cost/amount", "must be between 0 and " + MAX_REPORTED_COST.toPlainString());
            return null;
        }
        String currency = c.currency() != null ? c.currency() : "USD";
        if (!currency.matches("[A-Z]{3}")) {
            e.add("reported_cost/currency", "must be an ISO 4217 code such as USD");
            return null;
        }
        text(e, "reported_cost/source", c.source());
        return new ReportedCost(Money.of(amount, currency), c.source() != null ? c.source() : "client");
    }

    private static void checkAttribution(Attribution a, Errors e) {
        text(e, "attribution/project", a.project());
        text(e, "attribution/environment", a.environment());
        text(e, "attribution/user", a.user());
        text(e, "attribution/customer", a.customer());
        text(e, "attribution/feature", a.feature());
        text(e, "attribution/agent", a.agent());
        text(e, "attribution/session", a.session());
        text(e, "attribution/api_key_id", a.apiKeyId());
        if (a.tags().size() > MAX_TAGS) {
            e.add("attribution/tags", "at most " + MAX_TAGS + " tags, got " + a.tags().size());
        }
        a.tags().forEach((k, v) -> {
            if (!KEY.matcher(k).matches()) {
                e.add("attribution/tags/" + k, "tag keys are 1 to " + MAX_TAG_KEY + " letters, digits or _.:/-");
            }
            text(e, "attribution/tags/" + k, v);
        });
    }

    private static void tokens(Errors e, String field, long value) {
        if (value < 0) {
            e.add(field, "must not be negative");
        } else if (value > MAX_TOKENS) {
            e.add(field, "is larger than " + MAX_TOKENS + " tokens for one call");
        }
    }

    private static void text(Errors e, String field, String value) {
        if (value != null && (value.length() > MAX_TEXT || CONTROL.matcher(value).find())) {
            e.add(field, "must be at most " + MAX_TEXT + " printable characters");
        }
    }

    /** Collects errors of one event under its index. */
    private static final class Errors {
        private final List<FieldError> all;
        private final String prefix;
        private int count;

        Errors(List<FieldError> all, String prefix) {
            this.all = all;
            this.prefix = prefix;
        }

        void add(String field, String message) {
            all.add(new FieldError(prefix + field, message));
            count++;
        }

        boolean any() {
            return count > 0;
        }
    }
}
