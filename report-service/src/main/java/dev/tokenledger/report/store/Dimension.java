package dev.tokenledger.report.store;

import dev.tokenledger.common.events.UsageRecorded;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An attribution dimension as the report store keeps it: a dictionary code, the column of
 * {@code usage_event} holding the value's id, and whether the hourly rollup keeps it (so a report
 * grouped or filtered by it can be answered from the rollup).
 */
public enum Dimension {
    PROVIDER(1, "provider", "provider", true, UsageRecorded::provider),
    MODEL(2, "model", "model", true, UsageRecorded::model),
    OPERATION(3, "operation", "operation", false, UsageRecorded::operation),
    PROJECT(4, "project", "project", true, u -> u.attribution().project()),
    ENVIRONMENT(5, "environment", "environment", false, u -> u.attribution().environment()),
    USER(6, "user", "user_id", true, u -> u.attribution().user()),
    CUSTOMER(7, "customer", "customer", true, u -> u.attribution().customer()),
    FEATURE(8, "feature", "feature", true, u -> u.attribution().feature()),
    AGENT(9, "agent", "agent", true, u -> u.attribution().agent()),
    SESSION(10, "session", "session", false, u -> u.attribution().session()),
    API_KEY(11, "api_key", "api_key", false, u -> u.attribution().apiKeyId());

    /** Dimensions the hourly rollup is keyed by. */
    public static final Set<Dimension> ROLLED_UP = Set.copyOf(Arrays.stream(values()).filter(d -> d.rolledUp).toList());

    /** Dimensions the daily rollup is keyed by (fewer: its rows stay few at any cardinality of users or customers). */
    public static final Set<Dimension> ROLLED_UP_DAILY = Set.of(PROVIDER, MODEL, PROJECT, FEATURE);

    /** Dimensions the per-dimension daily rollup keeps, each on its own: every one the daily rollup does not. */
    public static final Set<Dimension> ROLLED_UP_DAILY_ALONE =
            Set.copyOf(Arrays.stream(values()).filter(d -> !ROLLED_UP_DAILY.contains(d)).toList());

    private final short code;
    private final String apiName;
    private final String column;
    private final boolean rolledUp;
    private final Function<UsageRecorded, String> value;

    Dimension(int code, String apiName, String column, boolean rolledUp, Function<UsageRecorded, String> value) {
        this.code = (short) code;
        this.apiName = apiName;
        this.column = column;
        this.rolledUp = rolledUp;
        this.value = value;
    }

    public short code() {
        return code;
    }

    /** The name used in query parameters and JSON ({@code by=project}, {@code project=backend-api}). */
    public String apiName() {
        return apiName;
    }

    public String column() {
        return column;
    }

    public boolean rolledUp() {
        return rolledUp;
    }

    /** The event's value for this dimension, or null when it is not set. */
    public String valueOf(UsageRecorded usage) {
        String v = value.apply(usage);
        return v == null || v.isEmpty() ? null : v;
    }

    public static Optional<Dimension> byApiName(String name) {
        return Arrays.stream(values()).filter(d -> d.apiName.equals(name)).findFirst();
    }

    /** For documentation and error messages. */
    public static String apiNames() {
        return String.join(", ", Arrays.stream(values()).map(Dimension::apiName).toList());
    }
}
