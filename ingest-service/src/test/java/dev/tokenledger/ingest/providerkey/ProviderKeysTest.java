package dev.tokenledger.ingest.providerkey;

import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/provider-keys} on the ingest-service: stored sealed, shown never again, one active per name, rotated and revoked with an audit trail. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class ProviderKeysTest {

    @InjectTestInfra
    TestInfra infra;

    String alice() {
        return infra.tokens().user("alice");
    }

    static String secret() {
        return "sk-proj-TEST" + UUID.randomUUID().toString().replace("-", "");
    }

    JsonPath store(String provider, String name, String key) {
        return given().auth().oauth2(alice()).contentType(ContentType.JSON)
                .body("{\"provider\": \"%s\", \"name\": \"%s\", \"key\": \"%s\"}".formatted(provider, name, key))
                .when().post("/v1/provider-keys").then().statusCode(201).extract().jsonPath();
    }

    long rows() throws Exception {
        try (var c = infra.jdbc(); var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM ingest.provider_key")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void aStoredKeyIsShownNeverAgainOnlyItsLastFourAndIsSealedInTheDatabase() throws Exception {
        String key = secret();
        String name = "shown-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath created = store("openai", name, key);
        String id = created.getString("id");
        assertTrue(id.matches("pk_[0-9a-f]{20}"), id);
        assertEquals("…" + key.substring(key.length() - 4), created.getString("hint"));
        assertEquals(1, created.getInt("version"));
        assertEquals("kek-1", created.getString("kek_id"));
        assertEquals("alice", created.getString("created_by"));
        assertFalse(created.prettify().contains(key.substring(4, 20)));

        given().auth().oauth2(alice()).when().get("/v1/provider-keys").then().statusCode(200)
                .body("items.id", hasItem(id)).body(not(containsString(key.substring(4, 20))));
        given().auth().oauth2(alice()).when().get("/v1/provider-keys/{id}", id).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo(name)).body(not(containsString(key.substring(4, 20))));

        try (var c = infra.jdbc(); var q = c.prepareStatement("SELECT t::text, ciphertext, nonce FROM ingest.provider_key t WHERE key_id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                assertTrue(r.next());
                assertFalse(r.getString(1).contains(key.substring(4, 20)), "the row as text holds no part of the key");
                byte[] sealed = r.getBytes(2);
                assertEquals(key.length() + 16, sealed.length, "AES-GCM: the key's length plus the tag");
                assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains(key.substring(4, 12)));
                assertEquals(12, r.getBytes(3).length);
            }
        }
        String serviceLog = Files.readString(Path.of("target/quarkus.log"));
        assertFalse(serviceLog.contains(key.substring(4, 20)), "the key is never logged");
    }

    @Test
    void rotationReplacesTheKeyBehindTheSameIdAndRevocationEndsItBothAudited() {
        String first = secret();
        String second = secret();
        String name = "rotated-" + UUID.randomUUID().toString().substring(0, 8);
        String id = store("anthropic", name, first).getString("id");

        JsonPath rotated = given().auth().oauth2(alice()).contentType(ContentType.JSON).body("{\"key\": \"" + second + "\"}")
                .when().post("/v1/provider-keys/{id}/rotation", id).then().statusCode(200).extract().jsonPath();
        assertEquals(id, rotated.getString("id"));
        assertEquals(2, rotated.getInt("version"));
        assertEquals("…" + second.substring(second.length() - 4), rotated.getString("hint"));
        assertEquals("alice", rotated.getString("rotated_by"));

        JsonPath revoked = given().auth().oauth2(alice()).when().delete("/v1/provider-keys/{id}", id).then().statusCode(200).extract().jsonPath();
        assertNotNull(revoked.getString("revoked_at"));
        // revoking again changes nothing; a revoked key cannot be rotated back to life
        given().auth().oauth2(alice()).when().delete("/v1/provider-keys/{id}", id).then().statusCode(200)
                .body("revoked_at", org.hamcrest.Matchers.equalTo(revoked.getString("revoked_at")));
        given().auth().oauth2(alice()).contentType(ContentType.JSON).body("{\"key\": \"" + secret() + "\"}")
                .when().post("/v1/provider-keys/{id}/rotation", id).then().statusCode(409);

        JsonPath log = given().auth().oauth2(alice()).queryParam("object_id", id).when().get("/v1/audit-log").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("provider_key.revoked", "provider_key.rotated", "provider_key.created"), log.getList("entries.action"));
        assertEquals(List.of("alice", "alice", "alice"), log.getList("entries.actor"));
        assertEquals(1, log.getInt("entries[1].before.version"));
        assertEquals(2, log.getInt("entries[1].after.version"));
        assertFalse(log.prettify().contains(first.substring(4, 20)) || log.prettify().contains(second.substring(4, 20)),
                "the audit log never holds a key");
    }

    @Test
    void aTenantHasOneActiveKeyPerProviderAndNameAndMayStoreItAgainOnceRevoked() {
        String name = "single-" + UUID.randomUUID().toString().substring(0, 8);
        String id = store("gemini", name, secret()).getString("id");
        given().auth().oauth2(alice()).contentType(ContentType.JSON)
                .body("{\"provider\": \"gemini\", \"name\": \"" + name + "\", \"key\": \"" + secret() + "\"}")
                .when().post("/v1/provider-keys").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("rotate it"));
        // another provider under the same name is another key
        store("openrouter", name, secret());
        given().auth().oauth2(alice()).when().delete("/v1/provider-keys/{id}", id).then().statusCode(200);
        assertEquals(1, store("gemini", name, secret()).getInt("version"));
    }

    @Test
    void badInputNamesEachFieldAndStoresNothing() throws Exception {
        long before = rows();
        given().auth().oauth2(alice()).contentType(ContentType.JSON)
                .body("{\"provider\": \"azure\", \"name\": \"has space\", \"key\": \"short\"}")
                .when().post("/v1/provider-keys").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/provider")).body("errors.pointer", hasItem("/name")).body("errors.pointer", hasItem("/key"));
        given().auth().oauth2(alice()).contentType(ContentType.JSON)
                .body("{\"provider\": \"openai\", \"key\": \"tlk_abcdefghijklmnop_xyz\"}")
                .when().post("/v1/provider-keys").then().statusCode(400).body("errors[0].message", containsString("tokenledger API key"));
        given().auth().oauth2(alice()).contentType(ContentType.JSON).body("{\"provider\": \"openai\", \"key\": \"sk-with\\nnewline\"}")
                .when().post("/v1/provider-keys").then().statusCode(400).body("errors.pointer", hasItem("/key"))
                .body(not(containsString("newline")));
        given().auth().oauth2(alice()).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/provider-keys/{id}/rotation", "pk_00000000000000000000").then().statusCode(400)
                .body("errors.pointer", hasItem("/key"));
        assertEquals(before, rows());
    }

    @Test
    void anotherTenantsAdminAndAViewerCanNeitherSeeNorChangeAKey() {
        String id = store("openai", "walled-" + UUID.randomUUID().toString().substring(0, 8), secret()).getString("id");
        String carol = infra.tokens().user("carol");
        given().auth().oauth2(carol).when().get("/v1/provider-keys/{id}", id).then().statusCode(404);
        given().auth().oauth2(carol).when().delete("/v1/provider-keys/{id}", id).then().statusCode(404);
        given().auth().oauth2(carol).contentType(ContentType.JSON).body("{\"key\": \"" + secret() + "\"}")
                .when().post("/v1/provider-keys/{id}/rotation", id).then().statusCode(404);
        given().auth().oauth2(carol).when().get("/v1/provider-keys").then().statusCode(200).body(not(containsString(id)));
        given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/provider-keys").then().statusCode(403);
        given().auth().oauth2(alice()).when().get("/v1/provider-keys/{id}", id).then().statusCode(200).body("revoked_at", nullValue());
    }
}
