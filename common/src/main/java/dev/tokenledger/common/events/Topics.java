package dev.tokenledger.common.events;

/** Kafka topic names shared by every service. A record that cannot be processed goes to {@code <topic>.dlq}. */
public final class Topics {
    public static final String USAGE_RAW = "usage.raw";
    public static final String USAGE_PRICED = "usage.priced";
    public static final String PRICE_CHANGES = "price.changes";
    public static final String BUDGET_EVENTS = "budget.events";
    public static final String ANOMALY_DETECTED = "anomaly.detected";

    /** The topics some service consumes, each with a dead-letter topic. */
    public static final java.util.List<String> CONSUMED = java.util.List.of(USAGE_RAW, USAGE_PRICED, BUDGET_EVENTS, ANOMALY_DETECTED);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
