package dev.tokenledger.notifier.channel;

import dev.tokenledger.common.json.Json;
import dev.tokenledger.notifier.receivers.HttpReceiver;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.tokenledger.notifier.Fixtures.route;
import static dev.tokenledger.notifier.Fixtures.webhook;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The channel and route API: validation as problem+json naming the field, roles, SSRF refusals and tenant walls. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class ChannelApiTest {

    @InjectTestInfra
    TestInfra infra;

    private io.restassured.response.ValidatableResponse post(String user, String path, Object body) {
        return given().auth().oauth2(infra.tokens().user(user)).contentType(ContentType.JSON).body(Json.write(body))
                .when().post(path).then();
    }

    private int channelCount(String user) {
        return given().auth().oauth2(infra.tokens().user(user)).when().get("/v1/channels").then().statusCode(200)
                .extract().jsonPath().getList("items").size();
    }

    @Test
    void badChannelsAreRefusedNamingTheFieldAndNothingIsWritten() {
        int before = channelCount("alice");
        post("alice", "/v1/channels", Map.of("name", "", "type", "pager")).statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", containsInAnyOrder("/name", "/type"));
        post("alice", "/v1/channels", Map.of("name", "x", "type", "webhook")).statusCode(400).body("errors[0].pointer", equalTo("/url"));
        post("alice", "/v1/channels", Map.of("name", "x", "type", "webhook", "url", "http://example.com/hook")).statusCode(400)
                .body("errors[0].pointer", equalTo("/url")).body("errors[0].message", containsString("https"));
        post("alice", "/v1/channels", Map.of("name", "x", "type", "slack", "url", "https://10.1.2.3/hook")).statusCode(400)
                .body("errors[0].pointer", equalTo("/url")).body("errors[0].message", containsString("private"));
        post("alice", "/v1/channels", Map.of("name", "x", "type", "alertmanager", "url", "https://169.254.169.254/")).statusCode(400)
                .body("errors[0].message", containsString("link-local"));
        post("alice", "/v1/channels", Map.of("name", "x", "type", "webhook", "url", "https://user:pw@127.0.0.1/")).statusCode(400)
                .body("errors[0].pointer", equalTo("/url"));
        post("alice", "/v1/channels", Map.of("name", "x", "type", "email", "recipients", List.of("ops@acme.example", "nope"))).statusCode(400)
                .body("errors[0].pointer", equalTo("/recipients/1"));
        post("alice", "/v1/channels", Map.of("name", "x", "type", "email")).statusCode(400).body("errors[0].pointer", equalTo("/recipients"));
        given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON).body("{\"name\": \"x\", \"colour\": 1}")
                .when().post("/v1/channels").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/colour"));
        post("bob", "/v1/channels", Map.of("name", "x", "type", "webhook", "url", "http://127.0.0.1:9/x")).statusCode(403);
        given().when().get("/v1/channels").then().statusCode(401);
        org.junit.jupiter.api.Assertions.assertEquals(before, channelCount("alice"));
    }

    @Test
    void badRoutesAreRefusedNamingTheField() {
        long channel = webhook(infra, "route target", "http://127.0.0.1:9/x");
        post("alice", "/v1/routes", Map.of("name", "r", "event_types", List.of("budget_exploded"), "severities", List.of("loud"),
                "channel_ids", List.of(channel), "quiet_hours", Map.of("start", "25:00", "end", "07:00", "time_zone", "Mars/Olympus")))
                .statusCode(400).body("errors.pointer", containsInAnyOrder("/event_types/0", "/severities/0", "/quiet_hours/start",
                        "/quiet_hours/time_zone"));
        post("alice", "/v1/routes", Map.of("name", "r", "channel_ids", List.of())).statusCode(400).body("errors[0].pointer", equalTo("/channel_ids"));
        // null list elements (found by the bad-input sweep as a 500: Set.of().contains(null) throws)
        java.util.List<String> withNull = new java.util.ArrayList<>(java.util.Arrays.asList("threshold_crossed", null));
        post("alice", "/v1/routes", Map.of("name", "r", "event_types", withNull, "severities", java.util.Collections.singletonList(null),
                "channel_ids", List.of(channel))).statusCode(400).body("errors.pointer", containsInAnyOrder("/event_types/1", "/severities/0"));
        post("alice", "/v1/routes", Map.of("name", "r", "channel_ids", List.of(999999))).statusCode(400)
                .body("errors[0].message", containsString("does not exist"));
    }

    @Test
    void aTenantCannotSeeOrUseAnotherTenantsChannelsRoutesOrDeliveries() {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            long acme = webhook(infra, "acme hook", receiver.url("/acme"));
            long acmeRoute = route(infra, List.of("test"), List.of(), List.of(acme), null);
            long delivery = given().auth().oauth2(infra.tokens().user("alice")).when().post("/v1/channels/" + acme + "/test")
                    .then().statusCode(202).extract().jsonPath().getLong("id");
            await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(dev.tokenledger.notifier.Fixtures.delivery(infra, delivery)
                    .getString("status")));

            String carol = infra.tokens().user("carol");
            given().auth().oauth2(carol).when().get("/v1/channels/" + acme).then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(carol).contentType(ContentType.JSON)
                    .body(Json.write(Map.of("name", "mine now", "type", "webhook", "url", receiver.url("/globex"))))
                    .when().put("/v1/channels/" + acme).then().statusCode(404);
            given().auth().oauth2(carol).when().delete("/v1/channels/" + acme).then().statusCode(404);
            given().auth().oauth2(carol).when().post("/v1/channels/" + acme + "/test").then().statusCode(404);
            given().auth().oauth2(carol).when().get("/v1/channels").then().statusCode(200).body("items.id", not(hasItem((int) acme)));
            given().auth().oauth2(carol).when().get("/v1/routes/" + acmeRoute).then().statusCode(404);
            given().auth().oauth2(carol).when().delete("/v1/routes/" + acmeRoute).then().statusCode(404);
            post("carol", "/v1/routes", Map.of("name", "steal", "channel_ids", List.of(acme))).statusCode(400)
                    .body("errors[0].pointer", equalTo("/channel_ids"));
            given().auth().oauth2(carol).when().get("/v1/deliveries/" + delivery).then().statusCode(404);
            given().auth().oauth2(carol).when().post("/v1/deliveries/" + delivery + "/retry").then().statusCode(404);
            given().auth().oauth2(carol).queryParam("channel_id", acme).when().get("/v1/deliveries").then().statusCode(200)
                    .body("items.size()", equalTo(0));

            // acme still has all of it, and the secret is not shown again
            given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/channels/" + acme).then().statusCode(200)
                    .body("name", equalTo("acme hook")).body("secret", nullValue());
            given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/deliveries/" + delivery).then().statusCode(200)
                    .body("status", equalTo("delivered")).body("attempt_log.size()", equalTo(1));
            org.junit.jupiter.api.Assertions.assertEquals(1, receiver.requests("/acme").size());
            org.junit.jupiter.api.Assertions.assertTrue(receiver.requests("/globex").isEmpty());
            given().auth().oauth2(infra.tokens().user("alice")).when().delete("/v1/routes/" + acmeRoute).then().statusCode(204);
        }
    }

    @Test
    void aWebhookSecretCanBeRotatedByItsTenantOnly() {
        io.restassured.path.json.JsonPath created = dev.tokenledger.notifier.Fixtures.channel(infra, "alice",
                Map.of("name", "rotating", "type", "webhook", "url", "http://127.0.0.1:9/r"));
        long id = created.getLong("id");
        String rotated = given().auth().oauth2(infra.tokens().user("alice")).when().post("/v1/channels/" + id + "/rotate-secret")
                .then().statusCode(200).extract().jsonPath().getString("secret");
        org.junit.jupiter.api.Assertions.assertNotEquals(created.getString("secret"), rotated);
        org.junit.jupiter.api.Assertions.assertTrue(rotated.startsWith("whsec_"));
        given().auth().oauth2(infra.tokens().user("carol")).when().post("/v1/channels/" + id + "/rotate-secret").then().statusCode(404);
        given().auth().oauth2(infra.tokens().user("bob")).when().post("/v1/channels/" + id + "/rotate-secret").then().statusCode(403);
        long slack = dev.tokenledger.notifier.Fixtures.channel(infra, "alice",
                Map.of("name", "no secret", "type", "slack", "url", "http://127.0.0.1:9/s")).getLong("id");
        given().auth().oauth2(infra.tokens().user("alice")).when().post("/v1/channels/" + slack + "/rotate-secret").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void channelsCanBeChangedAndDeleted() {
        long id = webhook(infra, "temp", "http://127.0.0.1:9/a");
        given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON)
                .body(Json.write(Map.of("name", "renamed", "type", "slack", "url", "http://localhost:9/b")))
                .when().put("/v1/channels/" + id).then().statusCode(200).body("name", equalTo("renamed")).body("type", equalTo("slack"));
        given().auth().oauth2(infra.tokens().user("alice")).when().delete("/v1/channels/" + id).then().statusCode(204);
        given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/channels/" + id).then().statusCode(404);
    }

    @jakarta.inject.Inject
    ChannelStore store;

    @Test
    void aSlackUrlIsAnsweredWholeOnlyToTheCallThatCreatesItAndIsKeptWhenSentBackAsShown() {
        String secretUrl = "http://127.0.0.1:9/services/T0001/B0002/s3cr3tT0k3n";
        var created = dev.tokenledger.notifier.Fixtures.channel(infra, "alice", Map.of("name", "team room", "type", "slack", "url", secretUrl));
        assertEquals(secretUrl, created.getString("url"), "the creator sees what they sent");
        long id = created.getLong("id");
        for (String who : List.of("alice", "bob")) {
            given().auth().oauth2(infra.tokens().user(who)).when().get("/v1/channels/" + id).then().statusCode(200)
                    .body("url", equalTo("http://127.0.0.1:9/…"));
            given().auth().oauth2(infra.tokens().user(who)).when().get("/v1/channels").then().statusCode(200)
                    .body(not(containsString("s3cr3tT0k3n")));
        }

        // edited from the form as it was shown: the name changes, the url the channel posts to stays
        given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON)
                .body(Json.write(Map.of("name", "team room renamed", "type", "slack", "url", "http://127.0.0.1:9/…")))
                .when().put("/v1/channels/" + id).then().statusCode(200).body("name", equalTo("team room renamed"))
                .body("url", equalTo("http://127.0.0.1:9/…"));
        assertEquals(secretUrl, store.find("acme", id).await().atMost(Duration.ofSeconds(10)).url());
        given().auth().oauth2(infra.tokens().user("alice")).queryParam("object_type", "channel").queryParam("object_id", String.valueOf(id))
                .when().get("/v1/audit-log").then().statusCode(200).body("entries.size()", equalTo(2)).body(not(containsString("s3cr3tT0k3n")));

        // shown as another type, the hidden part would be shown: a new type needs the whole url
        given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON)
                .body(Json.write(Map.of("name", "team room renamed", "type", "webhook", "url", "http://127.0.0.1:9/…")))
                .when().put("/v1/channels/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/url"));
        assertEquals(Channel.Type.SLACK, store.find("acme", id).await().atMost(Duration.ofSeconds(10)).type(), "the refused change changed nothing");

        // of any other url, the query (where tokens travel) is hidden
        long hook = webhook(infra, "hook with a token", "http://127.0.0.1:9/hook?token=abc123");
        given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/channels/" + hook).then().statusCode(200)
                .body("url", equalTo("http://127.0.0.1:9/hook?…"));
    }
}
