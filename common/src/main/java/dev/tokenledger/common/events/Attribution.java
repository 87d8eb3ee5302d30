package dev.tokenledger.common.events;

import java.util.Map;

/** Who caused a cost, beside the tenant (which only ever comes from the verified token). */
public record Attribution(
        String project,
        String environment,
        String user,
        String customer,
        String feature,
        String agent,
        String session,
        String apiKeyId,
        Map<String, String> tags) {

    public Attribution {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static Attribution none() {
        return new Attribution(null, null, null, null, null, null, null, null, Map.of());
    }
}
