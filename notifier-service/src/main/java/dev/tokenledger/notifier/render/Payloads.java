package dev.tokenledger.notifier.render;

import dev.tokenledger.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The wire formats: generic webhook JSON (and its signature), Slack incoming webhook, e-mail, Alertmanager v2. */
public final class Payloads {

    public static final String SIGNATURE_HEADER = "X-Tokenledger-Signature";
    public static final String TIMESTAMP_HEADER = "X-Tokenledger-Timestamp";
    public static final String DELIVERY_HEADER = "X-Tokenledger-Delivery";

    private Payloads() {
    }

    /** The generic webhook body: the rendered alert plus the original event. */
    public static String webhook(Notification n, long deliveryId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema_version", 1);
        body.put("delivery_id", deliveryId);
        body.put("tenant_id", n.tenantId());
        body.put("event_id", n.eventId());
        body.put("event_type", n.eventType());
        body.put("severity", n.severity());
        body.put("status", n.firing() ? "firing" : "resolved");
        body.put("occurred_at", n.occurredAt());
        body.put("text", n.text());
        body.put("details", n.details());
        body.put("event", n.event());
        return Json.write(body);
    }

    /**
     * {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}; the receiver recomputes it and
     * refuses an old timestamp (replay protection).
     */
    public static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(sig);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Slack incoming-webhook message: the line as {@code text} (notifications) and a section with the details. */
    public static String slack(Notification n) {
        StringBuilder fields = new StringBuilder();
        n.details().forEach((k, v) -> fields.append("*").append(k.replace('_', ' ')).append(":* ").append(slackEscape(v)).append('\n'));
        List<Object> blocks = List.of(
                Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", slackEscape(n.text()))),
                Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", fields.toString().strip()))));
        return Json.write(Map.of("text", slackEscape(n.text()), "blocks", blocks)); // Slack reads &, < and > as markup
    }

    public record Email(String subject, String text, String html) {
    }

    /**
     * The e-mail: severity in words instead of the icon (the mailer encodes a header one UTF-16 unit
     * at a time, which breaks emoji in the subject), plain text and HTML.
     */
    public static Email email(Notification n) {
        String line = (n.firing() ? n.severity().toUpperCase(Locale.ROOT) : "RESOLVED") + ": " + withoutIcon(n.text());
        StringBuilder text = new StringBuilder(line).append("\n\n");
        StringBuilder rows = new StringBuilder();
        n.details().forEach((k, v) -> {
            text.append(k.replace('_', ' ')).append(": ").append(v).append('\n');
            rows.append("<tr><th align=\"left\">").append(html(k.replace('_', ' '))).append("</th><td>").append(html(v)).append("</td></tr>");
        });
        text.append("\ntenant: ").append(n.tenantId()).append(", event: ").append(n.eventId()).append('\n');
        String html = "<html><body><p><strong>" + html(line) + "</strong></p><table>" + rows + "</table>"
                + "<p style=\"color:#777\">tenant " + html(n.tenantId()) + " · event " + html(n.eventId()) + "</p></body></html>";
        return new Email("[tokenledger] " + line, text.toString(), html);
    }

    /**
     * Alertmanager {@code POST /api/v2/alerts} body. Firing alerts end at their period end (or
     * Alertmanager's resolve timeout); resolving ones carry {@code endsAt} now with the same labels.
     */
    public static String alertmanager(List<Notification> alerts, boolean resolve, Instant now) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Notification n : alerts) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("labels", n.labels());
            a.put("annotations", Map.of("summary", n.text(), "description", describe(n), "event_id", n.eventId()));
            a.put("startsAt", n.occurredAt().toString());
            Instant ends = resolve ? now : n.endsAt();
            if (ends != null) {
                a.put("endsAt", ends.toString());
            }
            out.add(a);
        }
        return Json.write(out);
    }

    static String withoutIcon(String text) {
        int space = text.indexOf(' ');
        return space > 0 && space <= 2 && !Character.isLetterOrDigit(text.codePointAt(0)) ? text.substring(space + 1) : text;
    }

    private static String describe(Notification n) {
        StringBuilder b = new StringBuilder();
        n.details().forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
        return b.toString();
    }

    private static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String html(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
