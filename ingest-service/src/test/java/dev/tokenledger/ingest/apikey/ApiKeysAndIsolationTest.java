package dev.tokenledger.ingest.apikey;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.ingest.usage.UsageEventResource;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.IsolationMatrix;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API keys end to end on the ingest-service (which mints them): shown once, stored as a salted
 * hash, scoped, bound to a project, rate limited, revocable, audited; and the ingest-service's
 * isolation matrix.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class ApiKeysAndIsolationTest {

    @InjectTestInfra
    TestInfra infra;

    @TestHTTPResource("/")
    URI base;

    String alice() {
        return infra.tokens().user("alice");
    }

    JsonPath mint(String body) {
        return given().auth().oauth2(alice()).contentType(ContentType.JSON).body(body).when().post("/v1/api-keys")
                .then().statusCode(201).extract().jsonPath();
    }

    static String event(String id, String project) {
        String attribution = project == null ? "" : ", \"attribution\": {\"project\": \"" + project + "\"}";
        return """
                {"event_id": "%s", "provider": "openai", "model": "gpt-4o-mini", "usage": {"input_tokens": 10, "output_tokens": 5}%s}"""
                .formatted(id, attribution);
    }

    @Test
    void aKeyIsShownOnceStoredHashedUsedForIngestAndRevoked() throws Exception {
        JsonPath created = mint("{\"name\": \"sdk in checkout\", \"scopes\": [\"ingest\"], \"project\": \"checkout\"}");
        String key = created.getString("key");
        String id = created.getString("api_key.id");
        assertTrue(key.matches("tlk_[a-z0-9]{16}_[A-Za-z0-9_-]{43}"), key);
        // never again in full: not in the list, not in a read, not in the database
        String listed = given().auth().oauth2(alice()).when().get("/v1/api-keys").then().statusCode(200).extract().asString();
        assertTrue(listed.contains(id));
        assertFalse(listed.contains(key.substring(22)), "the secret is not listed");
        try (Connection c = infra.jdbc(); PreparedStatement q = c.prepareStatement(
                "SELECT secret_hash, salt, tenant_id, project, scopes::text FROM access.api_key WHERE key_id = ?")) {
            q.setString(1, id);
            ResultSet row = q.executeQuery();
            assertTrue(row.next());
            assertEquals(32, row.getBytes(1).length, "a SHA-256 is stored");
            assertEquals(16, row.getBytes(2).length, "with a 16-byte salt");
            assertFalse(new String(row.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1).contains(key.substring(22)));
            assertEquals("acme", row.getString(3));
            assertEquals("checkout", row.getString(4));
            assertEquals("{ingest}", row.getString(5));
        }

        // ingest with the key: the event gets the key's tenant and project
        String eventId = "key-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(event(eventId, null))
                .when().post("/v1/usage-events").then().statusCode(202).body("accepted", equalTo(1));
        List<ConsumerRecord<String, String>> records = infra.kafka().read(infra.topic("usage.raw"), 1, Duration.ofSeconds(20),
                r -> r.value().contains(eventId));
        UsageRecorded recorded = Json.read(records.get(0).value(), UsageRecorded.class);
        assertEquals("acme", recorded.tenantId());
        assertEquals("checkout", recorded.attribution().project());
        assertEquals(key.substring(4, 20), recorded.attribution().apiKeyId(), "the key's own id, though the body named none");
        // another project is refused whole, naming the event
        given().header("X-Api-Key", key).contentType(ContentType.JSON)
                .body("[" + event("key-" + UUID.randomUUID(), "checkout") + "," + event("key-" + UUID.randomUUID(), "search") + "]")
                .when().post("/v1/usage-events").then().statusCode(403).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/1/attribution/project"));
        // an ingest key is not a reader, an admin or a gateway
        given().header("X-Api-Key", key).when().get("/v1/api-keys").then().statusCode(403);
        given().header("X-Api-Key", key).when().get("/v1/audit-log").then().statusCode(403);
        // last use is recorded
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(alice()).when().get("/v1/api-keys/{id}", id)
                .then().statusCode(200).body("last_used_at", notNullValue()).body("revoked_at", nullValue()));

        // revoked: refused at once in this replica
        given().auth().oauth2(alice()).when().delete("/v1/api-keys/{id}", id).then().statusCode(200).body("revoked_at", notNullValue());
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(event("key-" + UUID.randomUUID(), null))
                .when().post("/v1/usage-events").then().statusCode(401);
        // another tenant's admin can neither see nor revoke it
        given().auth().oauth2(infra.tokens().user("carol")).when().get("/v1/api-keys/{id}", id).then().statusCode(404);
        given().auth().oauth2(infra.tokens().user("carol")).when().delete("/v1/api-keys/{id}", id).then().statusCode(404);

        // both changes are audited with who made them
        JsonPath log = given().auth().oauth2(alice()).queryParam("object_id", id).when().get("/v1/audit-log").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("api_key.revoked", "api_key.created"), log.getList("entries.action"));
        assertEquals(List.of("alice", "alice"), log.getList("entries.actor"));
        assertEquals(List.of("ingest"), log.getList("entries[1].after.scopes"));
        assertNotEquals(null, log.getString("entries[0].after.revoked_at"));
        assertFalse(log.prettify().contains(key.substring(22)), "the audit log never holds the secret");

        // and the key text is in no log line of the service
        String serviceLog = Files.readString(Path.of("target/quarkus.log"));
        assertTrue(serviceLog.contains("Installed features"), "the service log is being written");
        assertFalse(serviceLog.contains(key.substring(22)), "the key is never logged");
    }

    @Test
    void theKeyIdOfAnEventComesFromTheKeyThatSentIt() {
        String key = mint("{\"name\": \"ids\", \"scopes\": [\"ingest\"]}").getString("key");
        String other = mint("{\"name\": \"other\", \"scopes\": [\"ingest\"]}").getString("id");
        String batch = "[" + event(UUID.randomUUID().toString(), null) + ","
                + event(UUID.randomUUID().toString(), null).replace("\"usage\"", "\"attribution\": {\"api_key_id\": \"" + other + "\"}, \"usage\"") + "]";
        // another key's id in one event refuses the whole batch, naming that event
        given().header("X-Api-Key", key).contentType(ContentType.JSON).body(batch)
                .when().post("/v1/usage-events").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.contains("/1/attribution/api_key_id"));
        // a token cannot write a key's id
        given().auth().oauth2(alice()).contentType(ContentType.JSON)
                .body("[" + event(UUID.randomUUID().toString(), null).replace("\"usage\"", "\"attribution\": {\"api_key_id\": \"" + other + "\"}, \"usage\"") + "]")
                .when().post("/v1/usage-events").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/0/attribution/api_key_id"));
    }

    @Test
    void aKeyOverItsRateIsRefusedWith429AndRetryAfter() {
        String key = mint("{\"name\": \"slow\", \"scopes\": [\"ingest\"], \"rate_limit_per_minute\": 6}").getString("key");
        // six a minute holds one request (ten seconds' worth): the second within the second is refused
        given().header("X-Api-Key", key).contentType(ContentType.JSON).body(event("rate-" + UUID.randomUUID(), null))
                .when().post("/v1/usage-events").then().statusCode(202);
        given().header("X-Api-Key", key).contentType(ContentType.JSON).body(event("rate-" + UUID.randomUUID(), null))
                .when().post("/v1/usage-events").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }

    @Test
    void badKeyRequestsAreRefusedNamingTheField() {
        given().auth().oauth2(alice()).contentType(ContentType.JSON).body("{\"name\": \"x\", \"scopes\": [\"tenant-admin\"]}")
                .when().post("/v1/api-keys").then().statusCode(400).body("errors.pointer", hasItem("/scopes/0"));
        given().auth().oauth2(alice()).contentType(ContentType.JSON).body("{\"scopes\": [], \"rate_limit_per_minute\": 0}")
                .when().post("/v1/api-keys").then().statusCode(400)
                .body("errors.pointer", hasItem("/name")).body("errors.pointer", hasItem("/scopes"))
                .body("errors.pointer", hasItem("/rate_limit_per_minute"));
        // a viewer may not mint
        given().auth().oauth2(infra.tokens().user("bob")).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"scopes\": [\"ingest\"]}").when().post("/v1/api-keys").then().statusCode(403);
    }

    String storeProviderKey(String name) {
        return given().auth().oauth2(alice()).contentType(ContentType.JSON)
                .body("{\"provider\": \"openai\", \"name\": \"" + name + "\", \"key\": \"sk-matrix-" + UUID.randomUUID() + "\"}")
                .when().post("/v1/provider-keys").then().statusCode(201).extract().jsonPath().getString("id");
    }

    @Test
    void everyIngestEndpointRefusesWrongCredentials() throws Exception {
        // a call acme made through the proxy, as the proxy logs it
        String proxied = "matrix-proxied-" + UUID.randomUUID();
        try (var c = infra.jdbc(); var insert = c.prepareStatement("INSERT INTO ingest.proxy_call (tenant_id, request_id, attempt, event_id,"
                + " provider, operation, model, stream, status, estimated_input_tokens, started_at, event)"
                + " VALUES ('acme', ?, 1, ?, 'openai', 'chat', 'gpt-4.1', false, 'started', 12, now(), '{}'::jsonb)")) {
            insert.setString(1, proxied);
            insert.setString(2, UUID.randomUUID().toString());
            insert.executeUpdate();
        }
        String kept = mint("{\"name\": \"matrix kept\", \"scopes\": [\"gateway\"]}").getString("api_key.id");
        String revocable = mint("{\"name\": \"matrix revocable\", \"scopes\": [\"gateway\"]}").getString("api_key.id");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String providerKey = storeProviderKey("matrix-kept-" + run);
        String revocableProviderKey = storeProviderKey("matrix-revocable-" + run);
        IsolationMatrix.Result result = IsolationMatrix.of(infra, base, UsageEventResource.class, Caller.class)
                .path("id", kept)
                .path("DELETE /v1/api-keys/{id}", "id", revocable)
                .path("GET /v1/proxy/requests/{id}", "id", proxied)
                .path("GET /v1/provider-keys/{id}", "id", providerKey)
                .path("POST /v1/provider-keys/{id}/rotation", "id", providerKey)
                .path("DELETE /v1/provider-keys/{id}", "id", revocableProviderKey)
                .marker("matrix kept")
                .marker("matrix-kept-" + run)
                .call("POST /v1/api-keys", null, "{\"name\": \"matrix new\", \"scopes\": [\"ingest\"]}")
                .call("POST /v1/provider-keys", null, "{\"provider\": \"openai\", \"name\": \"matrix-new-" + run + "\", \"key\": \"sk-matrix-new-key\"}")
                .call("POST /v1/provider-keys/{id}/rotation", null, "{\"key\": \"sk-matrix-rotated-key\"}")
                .call("POST /v1/usage-events", null, event("matrix-" + UUID.randomUUID(), null))
                .call("POST /v1/traces", null, otlpSpan())
                .call("POST /otlp/v1/traces", null, otlpSpan())
                .run();
        System.out.println("ingest-service " + result.summary());
        assertTrue(result.endpoints() >= 13, "endpoints found: " + result.endpoints());
        assertEquals(List.of(), result.failures());
    }

    /** An OTLP/JSON export with one GenAI span. */
    private static String otlpSpan() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        long now = System.currentTimeMillis() * 1_000_000L;
        return """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"matrix"}}]},"scopeSpans":[{"spans":[{
                 "traceId":"%s","spanId":"00000000000000c1","name":"chat","startTimeUnixNano":"%d","endTimeUnixNano":"%d",
                 "attributes":[{"key":"gen_ai.system","value":{"stringValue":"openai"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
                  {"key":"gen_ai.usage.input_tokens","value":{"intValue":"10"}}]}]}]}]}""".formatted(trace, now, now + 1_000_000L);
    }
}
