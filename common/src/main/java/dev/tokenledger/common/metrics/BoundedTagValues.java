package dev.tokenledger.common.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values a metric tag may take, bounded: the first {@code max} distinct values are kept as
 * they are, every later one counts as {@code other}. Tenants and model names come from callers,
 * and an unbounded tag would grow Prometheus without limit.
 */
public final class BoundedTagValues {

    public static final String OTHER = "other";
    public static final String UNKNOWN = "unknown";

    private final int max;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    public BoundedTagValues(int max) {
        this.max = max;
    }

    /** {@code value} if it is one of the kept values or there is still room; {@code other} past the bound; {@code unknown} for null. */
    public String of(String value) {
        String v = value == null ? UNKNOWN : value;
        if (kept.contains(v)) {
            return v;
        }
        synchronized (kept) {
            if (kept.size() < max) {
                kept.add(v);
                return v;
            }
        }
        return kept.contains(v) ? v : OTHER;
    }
}
