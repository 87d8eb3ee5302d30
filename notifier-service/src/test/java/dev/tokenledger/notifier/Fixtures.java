package dev.tokenledger.notifier;

import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.TestInfra;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** What the notifier tests share: channels and routes through the API, events through real Kafka. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Creates a channel as {@code user}; the answer (with the webhook secret) as JSON. */
    public static JsonPath channel(TestInfra infra, String user, Map<String, Object> body) {
        return given().auth().oauth2(infra.tokens().user(user)).contentType(ContentType.JSON).body(Json.write(body))
                .when().post("/v1/channels").then().statusCode(201).extract().jsonPath();
    }

    public static long webhook(TestInfra infra, String name, String url) {
        return channel(infra, "alice", Map.of("name", name, "type", "webhook", "url", url)).getLong("id");
    }

    public static long route(TestInfra infra, List<String> types, List<String> severities, List<Long> channels, Map<String, String> quiet) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "route " + types, "event_types", types, "severities", severities,
                "channel_ids", channels));
        if (quiet != null) {
            body.put("quiet_hours", quiet);
        }
        return given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON).body(Json.write(body))
                .when().post("/v1/routes").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Deletes every route of acme, so one test's routes do not pick up the next test's events. */
    public static void clearRoutes(TestInfra infra) {
        String token = infra.tokens().user("alice");
        List<Integer> ids = given().auth().oauth2(token).when().get("/v1/routes").then().statusCode(200).extract().jsonPath().getList("items.id");
        ids.forEach(id -> given().auth().oauth2(token).when().delete("/v1/routes/" + id).then().statusCode(204));
    }

    /** A money-budget threshold event of acme, 12 days and a few hours before its period ends. */
    public static BudgetEvent threshold(String eventId, String budgetId, String budgetName, int percent, String severity,
                                        String spent, String limit, String projected) {
        Instant at = Instant.now();
        String kind = percent >= 100 ? "limit_reached" : "threshold_crossed";
        return new BudgetEvent(1, BudgetEvent.TYPE, "acme", eventId, at, budgetId, budgetName, kind, severity, percent, Money.usd(spent),
                Money.usd(limit), at.minus(Duration.ofDays(18)), at.plus(Duration.ofDays(12)).plus(Duration.ofHours(5)), "usd", spent, limit,
                projected == null ? null : Money.usd(projected));
    }

    public static BudgetEvent periodReset(String eventId, String budgetId, String budgetName) {
        Instant at = Instant.now();
        return new BudgetEvent(1, BudgetEvent.TYPE, "acme", eventId, at, budgetId, budgetName, "period_reset", "info", null,
                Money.usd("0"), Money.usd("200.00"), at, at.plus(Duration.ofDays(30)));
    }

    public static AnomalyDetected anomaly(String eventId, String scope, String state, String severity) {
        return new AnomalyDetected(1, AnomalyDetected.TYPE, "acme", eventId, Instant.now(), scope, state, severity, Money.usd("10"),
                Money.usd("55.123"), "5.5x the usual hourly spend");
    }

    public static void publish(TestInfra infra, BudgetEvent e) {
        infra.kafka().send(infra.topic("budget.events"), e.tenantId(), Json.write(e));
    }

    public static void publish(TestInfra infra, AnomalyDetected e) {
        infra.kafka().send(infra.topic("anomaly.detected"), e.tenantId(), Json.write(e));
    }

    /** The delivery log of acme for one channel, newest first. */
    public static JsonPath deliveries(TestInfra infra, long channelId) {
        return given().auth().oauth2(infra.tokens().user("alice")).queryParam("channel_id", channelId)
                .when().get("/v1/deliveries").then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath delivery(TestInfra infra, long id) {
        return given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/deliveries/" + id).then().statusCode(200)
                .extract().jsonPath();
    }
}
