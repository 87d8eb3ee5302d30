package dev.tokenledger.notifier.security;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.notifier.channel.ChannelResource;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.IsolationMatrix;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every notifier-service endpoint × every kind of credential; channel changes in the audit log. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class NotifierServiceIsolationTest {

    @InjectTestInfra
    TestInfra infra;

    @TestHTTPResource("/")
    URI base;

    String alice() {
        return infra.tokens().user("alice");
    }

    /** A webhook channel whose target refuses connections: its deliveries are dead-lettered at once. */
    static String channel(String name) {
        return "{\"name\": \"" + name + "\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/matrix\"}";
    }

    JsonPath post(String path, String body, int status) {
        return given().auth().oauth2(alice()).contentType(ContentType.JSON).body(body).when().post(path)
                .then().statusCode(status).extract().jsonPath();
    }

    @Test
    void everyEndpointRefusesWrongCredentialsAndHidesTenantAData() {
        String marker = "matrix-secret-" + UUID.randomUUID();
        long kept = post("/v1/channels", channel(marker), 201).getLong("id");
        long deletable = post("/v1/channels", channel(marker + "-deletable"), 201).getLong("id");
        String route = "{\"name\": \"%s\", \"event_types\": [\"threshold_crossed\"], \"channel_ids\": [%d]}";
        long routeId = post("/v1/routes", route.formatted(marker + "-route", kept), 201).getLong("id");
        long deletableRoute = post("/v1/routes", route.formatted(marker + "-route-2", kept), 201).getLong("id");
        long delivery = post("/v1/channels/" + kept + "/test", "", 202).getLong("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(alice()).when().get("/v1/deliveries/{id}", delivery)
                .then().statusCode(200).body("status", equalTo("dead")));

        IsolationMatrix.Result result = IsolationMatrix.of(infra, base, ChannelResource.class, Caller.class)
                .path("id", kept)
                .path("DELETE /v1/channels/{id}", "id", deletable)
                .path("GET /v1/routes/{id}", "id", routeId)
                .path("PUT /v1/routes/{id}", "id", routeId)
                .path("DELETE /v1/routes/{id}", "id", deletableRoute)
                .path("GET /v1/deliveries/{id}", "id", delivery)
                .path("POST /v1/deliveries/{id}/retry", "id", delivery)
                .marker(marker)
                .call("POST /v1/channels", null, channel("matrix new"))
                .call("PUT /v1/channels/{id}", null, channel("matrix renamed"))
                .call("POST /v1/channels/{id}/rotate-secret", null, null)
                .call("POST /v1/channels/{id}/test", null, null)
                .call("POST /v1/routes", null, route.formatted("matrix route", kept))
                .call("PUT /v1/routes/{id}", null, route.formatted("matrix route renamed", kept))
                .call("POST /v1/deliveries/{id}/retry", null, null)
                .run();
        System.out.println("notifier-service " + result.summary());
        assertTrue(result.endpoints() >= 17, "endpoints found: " + result.endpoints());
        assertEquals(List.of(), result.failures());
    }

    @Test
    void channelChangesAreInTheAuditLogWithoutTheSecret() {
        String name = "audited-" + UUID.randomUUID();
        JsonPath created = post("/v1/channels", channel(name), 201);
        long id = created.getLong("id");
        String secret = created.getString("secret");
        given().auth().oauth2(alice()).contentType(ContentType.JSON).body(channel(name + "-2")).when().put("/v1/channels/{id}", id)
                .then().statusCode(200);
        String rotated = post("/v1/channels/" + id + "/rotate-secret", "", 200).getString("secret");
        given().auth().oauth2(alice()).when().delete("/v1/channels/{id}", id).then().statusCode(204);

        JsonPath log = given().auth().oauth2(alice()).queryParam("object_type", "channel").queryParam("object_id", String.valueOf(id))
                .when().get("/v1/audit-log").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("channel.deleted", "channel.secret_rotated", "channel.updated", "channel.created"), log.getList("entries.action"));
        assertEquals(List.of("alice", "alice", "alice", "alice"), log.getList("entries.actor"));
        assertEquals(name, log.getString("entries[2].before.name"));
        assertEquals(name + "-2", log.getString("entries[2].after.name"));
        String text = log.prettify();
        assertFalse(secret != null && text.contains(secret), "the signing secret is not audited");
        assertFalse(rotated != null && text.contains(rotated), "nor the rotated one");
    }
}
