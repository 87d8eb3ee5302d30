package dev.tokenledger.report.live;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.report.api.ReportEvents;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class LiveSessionStreamTest {

    @InjectTestInfra
    TestInfra infra;

    @TestHTTPResource("/v1/live")
    URI live;

    /** The lines of a session's stream as they arrive, read by the HTTP client in the background. */
    private List<String> follow(String token, String session, String lastEventId) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(live + "?session=" + session)).header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        HttpClient.newHttpClient().sendAsync(r.build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        return lines;
    }

    private static List<String> data(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("data:")).toList();
    }

    @Test
    void aSessionsCallsArriveAsTheyAreStoredOnlyToItsTenantAndAResumedStreamMissesNone() throws Exception {
        String session = "live-" + UUID.randomUUID();
        List<String> acme = follow(infra.tokens().user("bob"), session, null);
        List<String> globex = follow(infra.tokens().user("dave"), session, null);
        // the first heartbeat says the subscription is in place
        await().atMost(Duration.ofSeconds(10)).until(() -> acme.stream().anyMatch(l -> l.startsWith(":"))
                && globex.stream().anyMatch(l -> l.startsWith(":")));
        Instant at = Instant.now();
        for (int i = 0; i < 2; i++) {
            ReportEvents.send(infra, ReportEvents.priced("acme", session + "-" + i, at, new Attribution("live", "prod", null, null, null, null, session,
                    null, Map.of()), "0.0" + (i + 1), null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> data(acme).size() == 2);
        assertTrue(data(acme).get(0).contains("\"event_id\":\"" + session + "-0\""), acme.toString());
        assertTrue(data(acme).get(1).contains("\"amount\":\"0.020"), acme.toString());
        assertEquals(List.of(), data(globex), "another tenant's subscriber hears nothing of it");

        String firstId = acme.stream().filter(l -> l.startsWith("id:")).findFirst().orElseThrow().substring(3).trim();
        List<String> resumed = follow(infra.tokens().user("bob"), session, firstId);
        await().atMost(Duration.ofSeconds(10)).until(() -> data(resumed).size() == 1);
        assertTrue(data(resumed).get(0).contains(session + "-1"), "the update after the last one seen is replayed: " + resumed);

        given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/live").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/session"));
        given().when().get("/v1/live?session=" + session).then().statusCode(401);
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).when().get("/v1/live?session=" + session).then().statusCode(403);
    }
}
