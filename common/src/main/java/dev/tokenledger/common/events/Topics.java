package dev.tokenledger.common.events;

/** Kafka topic names shared by every service. A record that cannot be processed goes to {@code <topic>.dlq}. */
public final class Topics {
    public static final String USAGE_RAW = "usage.raw";
    public static final String USAGE_PRICED = "usage.priced";
    public static final String PRICE_CHANGES = "price.changes";
    public static final String BUDGET_EVENTS = "budget.events";
    public static final String ANOMALY_DETECTED = "anomaly.detected";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
