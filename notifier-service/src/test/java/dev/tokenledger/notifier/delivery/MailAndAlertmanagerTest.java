package dev.tokenledger.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.notifier.receivers.Alertmanager;
import dev.tokenledger.notifier.receivers.GreenMailResource;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tokenledger.notifier.Fixtures.anomaly;
import static dev.tokenledger.notifier.Fixtures.channel;
import static dev.tokenledger.notifier.Fixtures.clearRoutes;
import static dev.tokenledger.notifier.Fixtures.deliveries;
import static dev.tokenledger.notifier.Fixtures.periodReset;
import static dev.tokenledger.notifier.Fixtures.publish;
import static dev.tokenledger.notifier.Fixtures.route;
import static dev.tokenledger.notifier.Fixtures.threshold;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** E-mail to a real SMTP server (GreenMail) and alerts to a real Prometheus Alertmanager process, both on loopback. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
@WithTestResource(GreenMailResource.class)
class MailAndAlertmanagerTest {

    @InjectTestInfra
    TestInfra infra;

    @AfterEach
    void noRoutesLeft() {
        clearRoutes(infra);
    }

    @Test
    void anAnomalyArrivesByEmailAsPlainTextAndHtml() throws Exception {
        long id = channel(infra, "alice", Map.of("name", "finops mail", "type", "email",
                "recipients", List.of("finops@acme.example", "cto@acme.example"))).getLong("id");
        route(infra, List.of("anomaly_open"), List.of("critical"), List.of(id), null);
        String scope = "project=checkout-" + UUID.randomUUID().toString().substring(0, 6);
        publish(infra, anomaly("a-" + scope, scope, "open", "critical"));

        await().atMost(Duration.ofSeconds(30)).until(() -> GreenMailResource.greenMail().getReceivedMessages().length >= 2);
        MimeMessage m = Arrays.stream(GreenMailResource.greenMail().getReceivedMessages())
                .filter(x -> subject(x).contains(scope)).findFirst().orElseThrow();
        assertEquals("[tokenledger] CRITICAL: spend anomaly for " + scope + " — $55.12 observed, $10.00 expected, 5.5x the usual hourly spend",
                m.getSubject());
        assertEquals(2, Arrays.stream(GreenMailResource.greenMail().getReceivedMessages()).filter(x -> subject(x).contains(scope)).count(),
                "one message per recipient");
        List<String> types = new ArrayList<>();
        String plain = null;
        String html = null;
        Multipart parts = (Multipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            types.add(p.getContentType().split(";")[0].toLowerCase());
            if (p.isMimeType("text/plain")) {
                plain = (String) p.getContent();
            } else if (p.isMimeType("text/html")) {
                html = (String) p.getContent();
            }
        }
        assertEquals(List.of("text/plain", "text/html"), types);
        assertTrue(plain.contains("observed: $55.12") && plain.contains("expected: $10.00"), plain);
        assertTrue(html.contains("<strong>") && html.contains("$55.12"), html);
        assertEquals("delivered", deliveries(infra, id).getString("items[0].status"));
    }

    @Test
    void alertmanagerShowsBudgetAndAnomalyAlertsWithTheirLabelsAndTheyResolve() {
        try (Alertmanager am = Alertmanager.start()) {
            long id = channel(infra, "alice", Map.of("name", "alertmanager", "type", "alertmanager", "url", am.url())).getLong("id");
            // only firing kinds are routed: the resolving events reach the channel because it showed their alerts
            route(infra, List.of("threshold_crossed", "anomaly_open"), List.of("warning", "critical"), List.of(id), null);
            String budget = "am-" + UUID.randomUUID().toString().substring(0, 6);
            BudgetEvent fired = threshold("t-" + budget, budget, "team " + budget, 90, "warning", "180.00", "200.00", null);
            publish(infra, fired);
            String scope = "model=gpt-" + budget;
            AnomalyDetected open = anomaly("o-" + budget, scope, "open", "critical");
            publish(infra, open);

            await().atMost(Duration.ofSeconds(30)).until(() -> find(am, "budget", budget) != null && find(am, "scope", scope) != null);
            JsonNode alert = find(am, "budget", budget);
            assertEquals("TokenledgerBudgetThreshold", alert.at("/labels/alertname").asText());
            assertEquals("acme", alert.at("/labels/tenant").asText());
            assertEquals("warning", alert.at("/labels/severity").asText());
            assertEquals("⚠ 90 % of budget 'team " + budget + "' used — $180.00 of $200.00, 12 days left",
                    alert.at("/annotations/summary").asText());
            assertEquals("active", alert.at("/status/state").asText());
            JsonNode anomalyAlert = find(am, "scope", scope);
            assertEquals("TokenledgerSpendAnomaly", anomalyAlert.at("/labels/alertname").asText());
            assertEquals("critical", anomalyAlert.at("/labels/severity").asText());

            publish(infra, periodReset("r-" + budget, budget, "team " + budget));
            publish(infra, anomaly("c-" + budget, scope, "resolved", "info"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of("delivered", "delivered", "delivered", "delivered"),
                    deliveries(infra, id).getList("items.status")));
            // Alertmanager (a Go program) keeps the real clock when `./tokenledger test --at` shifts ours: the end time
            // the resolutions carry is then months ahead of it, and it shows the alerts until then
            if (System.getenv("FAKETIME") == null) {
                await().atMost(Duration.ofSeconds(30)).until(() -> find(am, "budget", budget) == null && find(am, "scope", scope) == null);
            }
        }
    }

    private static JsonNode find(Alertmanager am, String label, String value) {
        for (JsonNode a : am.alerts()) {
            if (value.equals(a.at("/labels/" + label).asText())) {
                return a;
            }
        }
        return null;
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
