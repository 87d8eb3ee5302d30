package dev.tokenledger.ingest.usage;

import dev.tokenledger.common.events.Attribution;

/**
 * Attribution from {@code X-Tokenledger-*} headers, for drop-in use in front of an SDK. A value set
 * in the body wins over the header. There is deliberately no tenant header: the tenant is the token's.
 */
public record HeaderAttribution(String project, String environment, String user, String customer, String feature,
                                String agent, String session) {

    public static final HeaderAttribution NONE = new HeaderAttribution(null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return project == null && environment == null && user == null && customer == null && feature == null
                && agent == null && session == null;
    }

    public Attribution under(Attribution body) {
        Attribution b = body != null ? body : Attribution.none();
        return new Attribution(
                first(b.project(), project), first(b.environment(), environment), first(b.user(), user),
                first(b.customer(), customer), first(b.feature(), feature), first(b.agent(), agent),
                first(b.session(), session), b.apiKeyId(), b.tags());
    }

    private static String first(String a, String b) {
        return a != null ? a : (b == null || b.isBlank() ? null : b);
    }
}
