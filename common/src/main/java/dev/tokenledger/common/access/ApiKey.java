package dev.tokenledger.common.access;

import java.time.Instant;
import java.util.Set;

/** A stored API key without its secret: whom it is for and what it may do. */
public record ApiKey(String id, String tenantId, String project, Set<String> scopes, String name, int rateLimitPerMinute,
                     Instant createdAt, String createdBy, Instant revokedAt, Instant lastUsedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
