package dev.tokenledger.ingest.proxy;

import io.vertx.core.MultiMap;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Headers that belong to one connection, not to the message (RFC 9110 §7.6.1): never passed on by
 * a proxy, together with those the {@code Connection} header names. The proxy also keeps its own
 * {@code X-Tokenledger-*} headers from the provider and sets {@code Host}, the length and the
 * encoding itself.
 */
final class HopByHop {

    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");

    private HopByHop() {
    }

    /** The end-to-end headers of {@code from} into {@code to}, less the proxy's own and those in {@code alsoDrop}. */
    static void copy(MultiMap from, MultiMap to, Set<String> alsoDrop) {
        Set<String> named = new HashSet<>();
        for (String connection : from.getAll("connection")) {
            for (String token : connection.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        from.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!ALWAYS.contains(name) && !named.contains(name) && !alsoDrop.contains(name) && !name.startsWith("x-tokenledger-")) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }
}
