package dev.tokenledger.ingest.proxy;

import dev.tokenledger.common.access.ApiKeyFormat;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Locale;

/**
 * The two credentials of a proxied call. The tokenledger one (who the caller is, also shown to the
 * budget-service) comes in {@code X-Tokenledger-Key}, {@code X-Tokenledger-Authorization}, or in
 * the provider key's own header when that holds a {@code tlk_} key. The provider's: the client's own
 * key, forwarded untouched (pass-through); or, when the client sent none, the tenant's stored key
 * ({@code managed}, named by {@code X-Tokenledger-Provider-Key}, default {@code default}), in the
 * header the provider reads keys from.
 */
final class ProxyCredentials {

    static final String KEY_NAME_HEADER = "X-Tokenledger-Provider-Key";
    private static final List<String> KEY_HEADERS = List.of("authorization", "x-api-key", "x-goog-api-key", "api-key");

    /** The tokenledger credential as an Authorization value, or null. */
    final String tokenledger;
    /** True when the call goes out with the tenant's stored key: the client sent no provider key of its own. */
    final boolean managed;
    /** The provider-key header that held the client's {@code tlk_} key; null if none did. */
    final String slot;

    private ProxyCredentials(String tokenledger, boolean managed, String slot) {
        this.tokenledger = tokenledger;
        this.managed = managed;
        this.slot = slot;
    }

    static ProxyCredentials of(MultiMap headers, String query) {
        String tokenledger = null;
        String key = headers.get("X-Tokenledger-Key");
        if (key != null) {
            tokenledger = "Bearer " + key.trim();
        } else if (headers.get("X-Tokenledger-Authorization") != null) {
            tokenledger = headers.get("X-Tokenledger-Authorization");
        }
        boolean ownKey = query != null && (query.startsWith("key=") || query.contains("&key="));
        String slot = null;
        for (String name : KEY_HEADERS) {
            String value = headers.get(name);
            if (value == null) {
                continue;
            }
            String bare = bearer(value);
            if (bare.startsWith(ApiKeyFormat.PREFIX)) {
                slot = name;
                if (tokenledger == null) {
                    tokenledger = "Bearer " + bare;
                }
            } else {
                ownKey = true;
            }
        }
        return new ProxyCredentials(tokenledger, !ownKey, slot);
    }

    /**
     * The headers to forward with the stored key in place of the client's {@code tlk_} key, in the
     * header the provider's API reads it from ({@code api-key} stays {@code api-key}: Azure OpenAI).
     */
    MultiMap withStoredKey(MultiMap clientHeaders, ProxyProvider provider, String storedKey) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap().addAll(clientHeaders);
        KEY_HEADERS.forEach(out::remove);
        String header = "api-key".equals(slot) ? slot : switch (provider) {
            case ANTHROPIC -> "x-api-key";
            case GEMINI -> "x-goog-api-key";
            case OPENAI, OPENROUTER -> "authorization";
        };
        out.set(header, header.equals("authorization") ? "Bearer " + storedKey : storedKey);
        return out;
    }

    private static String bearer(String value) {
        String v = value.trim();
        return v.toLowerCase(Locale.ROOT).startsWith("bearer ") ? v.substring(7).trim() : v;
    }
}
