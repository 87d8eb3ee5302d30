package dev.tokenledger.ingest.providerkey;

import java.time.Instant;

/**
 * A stored provider key as the API and the audit log show it: never the key, only its last four
 * characters to tell keys apart.
 */
public record ProviderKeyView(String id, String provider, String name, String hint, int version, String kekId, Instant createdAt,
                              String createdBy, Instant rotatedAt, String rotatedBy, Instant revokedAt, String revokedBy) {

    static String hint(String key) {
        return "…" + key.substring(key.length() - 4);
    }
}
