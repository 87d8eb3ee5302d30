package dev.tokenledger.ingest.apikey;

import dev.tokenledger.common.access.ApiKey;
import dev.tokenledger.common.access.ApiKeyFormat;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** An API key as the API shows it: never the secret, only its public prefix. */
public record ApiKeyView(String id, String prefix, String name, Set<String> scopes, String project, int rateLimitPerMinute,
                         Instant createdAt, String createdBy, Instant lastUsedAt, Instant revokedAt) {

    static ApiKeyView of(ApiKey k) {
        return new ApiKeyView(k.id(), ApiKeyFormat.redact(k.id()), k.name(), new TreeSet<>(k.scopes()), k.project(),
                k.rateLimitPerMinute(), k.createdAt(), k.createdBy(), k.lastUsedAt(), k.revokedAt());
    }

    /** The answer to a creation: the only time the full key is shown. */
    public record Created(String key, ApiKeyView apiKey) {
    }
}
