package dev.tokenledger.notifier.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.notifier.receivers.HttpReceiver;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tokenledger.notifier.Fixtures.clearRoutes;
import static dev.tokenledger.notifier.Fixtures.deliveries;
import static dev.tokenledger.notifier.Fixtures.delivery;
import static dev.tokenledger.notifier.Fixtures.publish;
import static dev.tokenledger.notifier.Fixtures.route;
import static dev.tokenledger.notifier.Fixtures.threshold;
import static dev.tokenledger.notifier.Fixtures.webhook;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook and Slack delivery from real Kafka records to a real HTTP receiver on loopback:
 * signatures, the Slack payload, dedupe of redelivered records, an outage with retries and the
 * circuit breaker, dead letters, quiet hours, test notifications and the delivery metrics.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class WebhookDeliveryTest {

    static HttpReceiver receiver;

    @InjectTestInfra
    TestInfra infra;

    @BeforeAll
    static void startReceiver() {
        receiver = HttpReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @AfterEach
    void noRoutesLeft() {
        clearRoutes(infra);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<HttpReceiver.Request> withEvent(String path, String eventId) {
        return receiver.accepted(path).stream().filter(r -> r.body().contains(eventId)).toList();
    }

    @Test
    void webhookIsSignedSlackIsReadableAndARedeliveredRecordSendsOnce() throws Exception {
        JsonPath hook = dev.tokenledger.notifier.Fixtures.channel(infra, "alice",
                Map.of("name", "ops hook", "type", "webhook", "url", receiver.url("/signed")));
        long hookId = hook.getLong("id");
        String secret = hook.getString("secret");
        assertTrue(secret.startsWith("whsec_"));
        long slackId = dev.tokenledger.notifier.Fixtures.channel(infra, "alice",
                Map.of("name", "ops slack", "type", "slack", "url", receiver.url("/slack"))).getLong("id");
        route(infra, List.of("threshold_crossed"), List.of(), List.of(hookId, slackId), null);

        String budget = unique("support bot");
        BudgetEvent e = threshold(unique("b80"), "7", budget, 80, "warning", "160.00", "200.00", "200.04");
        publish(infra, e);
        publish(infra, e); // Kafka delivers the same record again
        BudgetEvent marker = threshold(unique("b90"), "7", budget, 90, "warning", "180.00", "200.00", null);
        publish(infra, marker); // same key, same partition: once it is delivered, the duplicate has been consumed

        await().atMost(Duration.ofSeconds(30)).until(() -> withEvent("/signed", marker.eventId()).size() == 1
                && receiver.accepted("/slack").stream().filter(r -> r.body().contains("90 %") && r.body().contains(budget)).count() == 1);
        List<HttpReceiver.Request> signed = withEvent("/signed", e.eventId());
        assertEquals(1, signed.size(), "the redelivered record was sent once");
        HttpReceiver.Request r = signed.get(0);
        long ts = Long.parseLong(r.header("X-Tokenledger-Timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - ts) < 300, "a fresh timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal((ts + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, r.header("X-Tokenledger-Signature"));
        assertEquals("application/json", r.header("Content-Type"));
        JsonNode body = Json.mapper().readTree(r.body());
        assertEquals(e.eventId(), body.get("event_id").asText());
        assertEquals("threshold_crossed", body.get("event_type").asText());
        assertEquals("160.000000000000", body.at("/event/spent/amount").asText(), "the original event, exact money");
        assertEquals(r.header("X-Tokenledger-Delivery"), body.get("delivery_id").asText());

        List<HttpReceiver.Request> slack = receiver.accepted("/slack").stream().filter(x -> x.body().contains(budget) && x.body().contains("80 %")).toList();
        assertEquals(1, slack.size());
        JsonNode msg = Json.mapper().readTree(slack.get(0).body());
        assertEquals("⚠ 80 % of budget '" + budget + "' used — $160.00 of $200.00, 12 days left, projected $200.04", msg.get("text").asText());
        assertEquals("section", msg.at("/blocks/0/type").asText());
        assertEquals("mrkdwn", msg.at("/blocks/0/text/type").asText());

        // the receiver answers before the dispatcher records the outcome: wait for the log
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(infra, hookId).getList("items.status").equals(List.of("delivered", "delivered")));
        JsonPath log = deliveries(infra, hookId);
        assertEquals(2, log.getList("items").size(), "one delivery per event, none for the duplicate");
        assertEquals(List.of(1, 1), log.getList("items.attempts"));
    }

    @Test
    void receiverDownForAWhileGetsEveryAlertOnceInOrderAfterItRecovers() {
        receiver.failNext("/flaky", 4);
        long channel = webhook(infra, "flaky hook", receiver.url("/flaky"));
        route(infra, List.of("limit_reached"), List.of("critical"), List.of(channel), null);
        List<BudgetEvent> events = List.of(
                threshold(unique("l1"), "8", "b8", 100, "critical", "200.00", "200.00", null),
                threshold(unique("l2"), "8", "b8", 110, "critical", "220.00", "200.00", null),
                threshold(unique("l3"), "8", "b8", 120, "critical", "240.00", "200.00", null));
        events.forEach(e -> publish(infra, e));

        // the receiver answers before the dispatcher records the outcome: wait for the log
        await().atMost(Duration.ofSeconds(40)).until(() -> deliveries(infra, channel).getList("items.status")
                .equals(List.of("delivered", "delivered", "delivered")));
        List<String> order = receiver.accepted("/flaky").stream()
                .map(r -> events.stream().filter(e -> r.body().contains(e.eventId())).findFirst().orElseThrow().eventId()).toList();
        assertEquals(events.stream().map(BudgetEvent::eventId).toList(), order, "each once, in event order");
        assertEquals(4, receiver.requests("/flaky").stream().filter(r -> r.answered() == 500).count());

        JsonPath log = deliveries(infra, channel);
        assertEquals(List.of("delivered", "delivered", "delivered"), log.getList("items.status"));
        long first = log.getLong("items[2].id");
        JsonPath d = delivery(infra, first);
        assertEquals(5, d.getInt("attempts"), "four answered 500, the fifth delivered");
        assertEquals(List.of("failed", "failed", "failed", "failed", "delivered"), d.getList("attempt_log.outcome"));
        assertEquals(500, d.getInt("attempt_log[0].http_status"));
        assertEquals("HTTP 500: receiver is down", d.getString("attempt_log[0].error"));
        assertTrue(d.getString("attempt_log[0].sent_by").length() > 8, "the dispatcher instance is in the log");
        // after three consecutive failures the channel's circuit opened for (at least) breaker-open = 1s
        Instant third = Instant.parse(d.getString("attempt_log[2].finished_at"));
        Instant fourth = Instant.parse(d.getString("attempt_log[3].started_at"));
        assertTrue(Duration.between(third, fourth).toMillis() >= 900, "circuit open between attempts 3 and 4");
        given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/channels/" + channel).then().statusCode(200)
                .body("consecutive_failures", equalTo(0));
    }

    @Test
    void aDeliveryThatNeverSucceedsIsDeadLetteredAndCanBeRetried() {
        receiver.failNext("/dead", 1000);
        long channel = webhook(infra, "dead hook", receiver.url("/dead"));
        route(infra, List.of("kill_switch_tripped"), List.of(), List.of(channel), null);
        BudgetEvent e = threshold(unique("k"), "9", "b9", 100, "critical", "5.00", "200.00", null);
        publish(infra, new BudgetEvent(1, BudgetEvent.TYPE, "acme", e.eventId(), e.occurredAt(), "9", "b9", "kill_switch_tripped", "critical",
                null, e.spent(), e.limit(), e.periodStart(), e.periodEnd()));

        await().atMost(Duration.ofSeconds(40)).until(() -> "dead".equals(deliveries(infra, channel).getString("items[0].status")));
        long id = deliveries(infra, channel).getLong("items[0].id");
        JsonPath d = delivery(infra, id);
        assertEquals(6, d.getInt("attempts"), "max-attempts in the test profile");
        assertEquals(6, d.getList("attempt_log").size());
        assertEquals("dead", d.getString("attempt_log[5].outcome"));
        assertEquals("HTTP 500: receiver is down", d.getString("last_error"));
        given().port(dev.tokenledger.testinfra.ManagementPort.get()).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("tokenledger_notifier_deliveries_total{channel_type=\"webhook\",outcome=\"dead\"}"))
                .body(containsString("tokenledger_notifier_queue_depth"))
                .body(containsString("tokenledger_notifier_oldest_pending_age_seconds"));

        receiver.failNext("/dead", 0);
        given().auth().oauth2(infra.tokens().user("alice")).when().post("/v1/deliveries/" + id + "/retry").then().statusCode(200)
                .body("status", equalTo("pending"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(infra, id).getString("status")));
        assertEquals(1, withEvent("/dead", e.eventId()).size());
        assertEquals(7, delivery(infra, id).getList("attempt_log").size(), "the log keeps the dead attempts");
    }

    @Test
    void quietHoursHoldDeliveriesAndReleaseThemInOrder() {
        long channel = webhook(infra, "quiet hook", receiver.url("/quiet"));
        LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        LocalTime end = now.plusSeconds(12);
        route(infra, List.of("projected_to_exceed"), List.of(), List.of(channel),
                Map.of("start", now.minusHours(1).toString(), "end", end.toString(), "time_zone", "UTC"));
        List<BudgetEvent> events = List.of(projected(unique("p1")), projected(unique("p2")));
        events.forEach(e -> publish(infra, e));

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(infra, channel).getList("items").size() == 2);
        JsonPath held = deliveries(infra, channel);
        assertEquals(List.of(true, true), held.getList("items.held_for_quiet_hours"));
        assertEquals(List.of("pending", "pending"), held.getList("items.status"));
        Instant release = Instant.parse(held.getString("items[0].next_attempt_at"));
        assertTrue(Instant.now().isBefore(release));
        assertTrue(receiver.requests("/quiet").isEmpty(), "nothing sent during quiet hours");
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("tokenledger_notifier_queue_depth") >= 2
                && gauge("tokenledger_notifier_oldest_pending_age_seconds") > 0);
        // a test notification is not held behind them
        given().auth().oauth2(infra.tokens().user("alice")).when().post("/v1/channels/" + channel + "/test").then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.accepted("/quiet").size() == 1);
        assertTrue(Instant.now().isBefore(release) && receiver.accepted("/quiet").get(0).body().contains("\"event_type\":\"test\""));

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted("/quiet").size() == 3);
        List<HttpReceiver.Request> sent = receiver.accepted("/quiet").subList(1, 3);
        assertTrue(sent.get(0).body().contains(events.get(0).eventId()) && sent.get(1).body().contains(events.get(1).eventId()), "in order");
        assertFalse(sent.get(0).at().isBefore(release), "not before quiet hours ended");
    }

    @Test
    void aTestNotificationGoesThroughTheQueueAndIsLogged() {
        long channel = webhook(infra, "tested hook", receiver.url("/tested"));
        long id = given().auth().oauth2(infra.tokens().user("alice")).when().post("/v1/channels/" + channel + "/test").then().statusCode(202)
                .body("event_type", equalTo("test")).body("status", equalTo("pending")).extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(delivery(infra, id).getString("status")));
        assertEquals(1, receiver.accepted("/tested").size());
        assertTrue(receiver.accepted("/tested").get(0).body().contains("test notification"));
        given().auth().oauth2(infra.tokens().user("bob")).when().post("/v1/channels/" + channel + "/test").then().statusCode(403);
        given().auth().oauth2(infra.tokens().user("carol")).when().post("/v1/channels/" + channel + "/test").then().statusCode(404);
    }

    /** A gauge's value from the Prometheus text at {@code /q/metrics}. */
    private static double gauge(String name) {
        String metrics = given().port(dev.tokenledger.testinfra.ManagementPort.get()).when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(-1.0);
    }

    private static BudgetEvent projected(String id) {
        BudgetEvent t = threshold(id, "10", "b10", 50, "warning", "100.00", "200.00", "250.00");
        return new BudgetEvent(1, BudgetEvent.TYPE, "acme", id, t.occurredAt(), "10", "b10", "projected_to_exceed", "warning", null,
                t.spent(), t.limit(), t.periodStart(), t.periodEnd(), "usd", "100.00", "200.00", t.projected());
    }
}
