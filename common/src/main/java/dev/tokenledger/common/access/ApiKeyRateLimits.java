package dev.tokenledger.common.access;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per API key, as a token bucket per key in this replica: it refills at the
 * key's rate and holds ten seconds' worth, so a short burst passes and a flood does not. Each
 * replica counts alone (N replicas allow up to N× the rate); the limit protects the service, the
 * budgets protect the money.
 */
public class ApiKeyRateLimits {

    public static final String LIMIT_ATTRIBUTE = "tokenledger.api-key-rate-limit";

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one request from the key's bucket; answers 0 when it may go ahead, otherwise seconds to wait. */
    public long acquire(String keyId, int perMinute, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(keyId, id -> new Bucket(perMinute, nowNanos));
        return bucket.take(perMinute, nowNanos);
    }

    static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int perMinute, long now) {
            this.tokens = capacity(perMinute);
            this.updated = now;
        }

        static double capacity(int perMinute) {
            return Math.max(1.0, perMinute / 6.0);
        }

        synchronized long take(int perMinute, long now) {
            double perNano = perMinute / 60e9;
            tokens = Math.min(capacity(perMinute), tokens + (now - updated) * perNano);
            updated = now;
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1.0 - tokens) / perNano / 1e9));
        }
    }
}
