package dev.tokenledger.notifier.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readable lines and the wire formats, without a server. */
class AlertTextTest {

    static final Instant AT = Instant.parse("2026-11-18T09:00:00Z");
    static final Instant END = Instant.parse("2026-12-01T00:00:00Z"); // 12 days 15 hours later

    static BudgetEvent event(String kind, String severity, Integer percent, String spent, String limit, String projected) {
        return new BudgetEvent(1, BudgetEvent.TYPE, "acme", "e-1", AT, "42", "support bot", kind, severity, percent,
                spent == null ? null : Money.usd(spent), limit == null ? null : Money.usd(limit), Instant.parse("2026-11-01T00:00:00Z"), END,
                "usd", spent, limit, projected == null ? null : Money.usd(projected));
    }

    @Test
    void budgetLinesReadLikeASentenceWithDisplayRounding() {
        assertEquals("⚠ 80 % of budget 'support bot' used — $160.00 of $200.00, 12 days left, projected $200.04",
                AlertText.budget(event("threshold_crossed", "warning", 80, "160", "200", "200.0449999999")).text());
        assertEquals("🛑 100 % of budget 'support bot' used — $200.02 of $200.00, 12 days left",
                AlertText.budget(event("limit_reached", "critical", 100, "200.015", "200", null)).text(), "display rounding is half-even");
        assertEquals("🛑 100 % of budget 'support bot' used — $200.00 of $200.00, 12 days left",
                AlertText.budget(event("limit_reached", "critical", 100, "200.005", "200", null)).text(), "display rounding is half-even");
        assertEquals("⚠ budget 'support bot' is projected to run over — projected $250.00 by period end, $100.00 of $200.00 so far, 12 days left",
                AlertText.budget(event("projected_to_exceed", "warning", null, "100", "200", "250")).text());
        assertEquals("✅ budget 'support bot': a new period started — earlier alerts are resolved",
                AlertText.budget(event("period_reset", "info", null, "0", "200", null)).text());
        BudgetEvent tokens = new BudgetEvent(1, BudgetEvent.TYPE, "acme", "e-2", AT, "43", "tokens", "threshold_crossed", "info", 50, null, null,
                null, END, "tokens", "1000000", "2000000", null);
        assertEquals("ℹ 50 % of budget 'tokens' used — 1000000 of 2000000 tokens, 12 days left", AlertText.budget(tokens).text());
    }

    @Test
    void topContributorsAreNamedInTheLineAndListedInTheDetails() {
        List<BudgetEvent.Contributor> top = List.of(new BudgetEvent.Contributor("feature", "chat", "120.5"),
                new BudgetEvent.Contributor("feature", "search", "39.5"), new BudgetEvent.Contributor("model", "gpt-4o", "150.004"));
        Notification n = AlertText.budget(event("threshold_crossed", "warning", 80, "160", "200", null).withTopContributors(top));
        assertEquals("⚠ 80 % of budget 'support bot' used — $160.00 of $200.00, 12 days left, most from feature chat ($120.50), model gpt-4o ($150.00)",
                n.text());
        assertEquals("feature: chat $120.50, search $39.50; model: gpt-4o $150.00", n.details().get("top_contributors"));
        BudgetEvent tokens = new BudgetEvent(1, BudgetEvent.TYPE, "acme", "e-2", AT, "43", "tokens", "limit_reached", "critical", 100, null, null,
                null, END, "tokens", "2000000", "2000000", null).withTopContributors(List.of(new BudgetEvent.Contributor("project", "web", "1500000")));
        assertEquals("🛑 100 % of budget 'tokens' used — 2000000 of 2000000 tokens, 12 days left, most from project web (1500000 tokens)",
                AlertText.budget(tokens).text());
    }

    @Test
    void unpricedUsageHasNoBudget() {
        Notification n = AlertText.budget(new BudgetEvent(1, BudgetEvent.TYPE, "acme", "unpriced-usage:acme:e-9", AT, null, null,
                "unpriced_usage", "warning", null, null, null, null, null));
        assertEquals("⚠ usage of a model without a price was recorded — it is counted as unpriced (never as $0) until a price for it exists",
                n.text());
        assertEquals(java.util.Map.of("alertname", "TokenledgerUnpricedUsage", "tenant", "acme", "severity", "warning"), n.labels());
        assertEquals(null, n.group());
    }

    @Test
    void budgetAlertsCarryAlertmanagerLabelsAndAResolvingGroup() {
        Notification n = AlertText.budget(event("threshold_crossed", "warning", 90, "180", "200", null));
        assertEquals("TokenledgerBudgetThreshold", n.labels().get("alertname"));
        assertEquals("acme", n.labels().get("tenant"));
        assertEquals("42", n.labels().get("budget"));
        assertEquals("warning", n.labels().get("severity"));
        assertEquals("budget:42", n.group());
        assertTrue(n.firing());
        assertEquals(END, n.endsAt(), "a budget alert ends with its period at the latest");
        Notification reset = AlertText.budget(event("period_reset", "info", null, "0", "200", null));
        assertFalse(reset.firing());
        assertEquals("budget:42", reset.group());
    }

    @Test
    void anomaliesOpenAndResolve() {
        AnomalyDetected open = new AnomalyDetected(1, AnomalyDetected.TYPE, "acme", "a-1", AT, "project=checkout", "open", "critical",
                Money.usd("10"), Money.usd("55.125"), "5.5x the usual hourly spend");
        Notification n = AlertText.anomaly(open, Duration.ofHours(24));
        assertEquals("🛑 spend anomaly for project=checkout — $55.12 observed, $10.00 expected, 5.5x the usual hourly spend", n.text());
        assertEquals("anomaly_open", n.eventType());
        assertEquals(AT.plus(Duration.ofHours(24)), n.endsAt());
        Notification resolved = AlertText.anomaly(new AnomalyDetected(1, AnomalyDetected.TYPE, "acme", "a-2", AT, "project=checkout",
                "resolved", null, null, null, null), Duration.ofHours(24));
        assertEquals("anomaly_resolved", resolved.eventType());
        assertFalse(resolved.firing());
        assertEquals(n.group(), resolved.group());
        assertEquals("✅ spend anomaly for project=checkout is over — ", resolved.text().substring(0, 47));
    }

    @Test
    void wireFormats() throws Exception {
        Notification n = AlertText.budget(event("threshold_crossed", "warning", 80, "160", "200", "200.04"));
        JsonNode slack = Json.mapper().readTree(Payloads.slack(n));
        assertEquals(n.text(), slack.get("text").asText());
        assertEquals("section", slack.at("/blocks/0/type").asText());
        assertTrue(slack.at("/blocks/1/elements/0/text").asText().contains("*spent:* $160.00"));

        JsonNode am = Json.mapper().readTree(Payloads.alertmanager(List.of(n), false, AT));
        assertEquals("acme", am.at("/0/labels/tenant").asText());
        assertEquals(END.toString(), am.at("/0/endsAt").asText());
        assertEquals(n.text(), am.at("/0/annotations/summary").asText());
        JsonNode resolve = Json.mapper().readTree(Payloads.alertmanager(List.of(n), true, AT.plusSeconds(60)));
        assertEquals(AT.plusSeconds(60).toString(), resolve.at("/0/endsAt").asText());

        Payloads.Email mail = Payloads.email(n);
        assertEquals("[tokenledger] WARNING: 80 % of budget 'support bot' used — $160.00 of $200.00, 12 days left, projected $200.04",
                mail.subject());
        assertTrue(mail.text().contains("spent: $160.00"));
        assertTrue(mail.html().contains("<th align=\"left\">spent</th><td>$160.00</td>"));

        JsonNode hook = Json.mapper().readTree(Payloads.webhook(n, 7));
        assertEquals(7, hook.get("delivery_id").asLong());
        assertEquals("firing", hook.get("status").asText());
        assertEquals("200.040000000000", hook.at("/event/projected/amount").asText());
    }

    @Test
    void signatureIsHmacSha256OverTimestampDotBody() {
        // printf '1700000000.{}' | openssl dgst -sha256 -hmac key
        assertEquals("v1=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae", Payloads.signature("key", 1700000000L, "{}"));
    }
}
