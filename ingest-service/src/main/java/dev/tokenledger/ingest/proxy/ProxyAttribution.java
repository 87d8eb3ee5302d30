package dev.tokenledger.ingest.proxy;

import dev.tokenledger.common.events.Attribution;
import io.vertx.core.MultiMap;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who a proxied call is for: the {@code X-Tokenledger-*} headers first, then what the request body
 * says (OpenAI {@code user}, Anthropic {@code metadata.user_id}; OpenAI {@code metadata} keys named
 * like a dimension fill it, other keys become tags), and tags from {@code X-Tokenledger-Tag-<key>}.
 */
final class ProxyAttribution {

    static final String TAG_HEADER = "x-tokenledger-tag-";

    private ProxyAttribution() {
    }

    static Attribution of(MultiMap headers, RequestFacts facts) {
        Map<String, String> meta = facts.metadata();
        Map<String, String> tags = new TreeMap<>();
        meta.forEach((k, v) -> {
            if (!DIMENSIONS.contains(k)) {
                tags.put(k, v);
            }
        });
        headers.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(TAG_HEADER) && name.length() > TAG_HEADER.length()) {
                tags.put(h.getKey().substring(TAG_HEADER.length()), h.getValue());
            }
        });
        return new Attribution(
                first(headers.get("X-Tokenledger-Project"), meta.get("project")),
                first(headers.get("X-Tokenledger-Environment"), meta.get("environment")),
                first(headers.get("X-Tokenledger-User"), first(meta.get("user"), facts.user())),
                first(headers.get("X-Tokenledger-Customer"), meta.get("customer")),
                first(headers.get("X-Tokenledger-Feature"), meta.get("feature")),
                first(headers.get("X-Tokenledger-Agent"), meta.get("agent")),
                first(headers.get("X-Tokenledger-Session"), meta.get("session")),
                null, tags);
    }

    private static final java.util.Set<String> DIMENSIONS = java.util.Set.of("project", "environment", "user", "customer", "feature", "agent", "session");

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : (b == null || b.isBlank() ? null : b);
    }
}
