package dev.tokenledger.ingest.provider;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict readers for token counts in provider JSON: whole, non-negative numbers or absent. */
final class Nodes {

    private Nodes() {
    }

    /** The count at {@code path} under {@code node} (0 when absent or null). */
    static long count(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null || n.isNull() || n.isMissingNode()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw new ProviderUsageException("/" + String.join("/", path), "must be a non-negative whole number, was " + n);
        }
        return n.asLong();
    }

    static boolean has(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n;
    }
}
