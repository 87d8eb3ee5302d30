package dev.tokenledger.notifier.channel;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A tenant's alert destination. {@code secret} signs webhook bodies; it is shown once, when the channel is created. */
public record Channel(long id, String tenantId, String name, Type type, String url, String secret, List<String> recipients,
                      int failures, Instant circuitOpenUntil, Instant createdAt) {

    public enum Type {
        WEBHOOK, SLACK, EMAIL, ALERTMANAGER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What stands for the hidden part of a shown url. */
    public static final String HIDDEN = "…";

    /**
     * The url as the API shows it once the channel exists: a Slack incoming-webhook URL is itself a
     * credential (whoever holds it can post to the workspace), so only its origin is shown; of any
     * other url the query, where tokens travel, is hidden. The whole url is answered once, to the
     * call that creates the channel, and is never in the audit log.
     */
    public String shownUrl() {
        if (url == null) {
            return null;
        }
        if (type == Type.SLACK) {
            try {
                URI u = URI.create(url);
                return u.getScheme() + "://" + u.getRawAuthority() + "/" + HIDDEN;
            } catch (IllegalArgumentException e) {
                return HIDDEN;
            }
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query + 1) + HIDDEN;
    }
}
