package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.events.PriceChange;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue API: bundled versions and their diffs, imports and edits by platform admins only, each published on price.changes. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class CatalogueApiTest {

    @InjectTestInfra
    TestInfra infra;

    String token(String user) {
        return infra.tokens().user(user);
    }

    JsonPath versions() {
        return given().auth().oauth2(token("bob")).when().get("/v1/catalogue/versions").then().statusCode(200).extract().jsonPath();
    }

    long versionId(String reasonContains) {
        List<Map<String, Object>> items = versions().getList("items");
        return items.stream().filter(v -> v.get("reason").toString().contains(reasonContains))
                .map(v -> ((Number) v.get("id")).longValue()).findFirst().orElseThrow();
    }

    @Test
    void theBundledCatalogueIsLoadedAsOneVersionPerPriceListInDateOrder() {
        List<Map<String, Object>> items = versions().getList("items");
        List<String> sources = items.stream().map(v -> (String) v.get("source")).toList();
        assertTrue(sources.containsAll(List.of("litellm", "openrouter", "langfuse")), sources.toString());
        long v2025 = versionId("2025-07-24");
        long v2026 = versionId("LiteLLM model price map as of 2026-01-24");
        assertTrue(v2025 < v2026);
        given().auth().oauth2(token("bob")).when().get("/v1/catalogue/versions/{id}?provider=gemini&model=gemini-2.5-pro", v2025)
                .then().statusCode(200)
                .body("version.author", equalTo("tokenledger"))
                .body("entries.find { it.model == 'gemini-2.5-pro' }.prices_per_million_tokens.cache_read", equalTo("0.3125"));
    }

    @Test
    void theHistoryDiffShowsTheGemini25ProCacheReadChange() {
        long v2025 = versionId("2025-07-24");
        long v2026 = versionId("LiteLLM model price map as of 2026-01-24");
        JsonPath diff = given().auth().oauth2(token("bob"))
                .when().get("/v1/catalogue/diff?from={a}&to={b}&provider=gemini&model=gemini-2.5-pro", v2025, v2026)
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, String>> changes = diff.getList("changes");
        assertTrue(changes.contains(Map.of("change", "changed", "provider", "gemini", "model", "gemini-2.5-pro", "bucket", "cache_read",
                "before", "0.3125", "after", "0.125", "effective_from", "2026-01-24T05:09:29Z")), changes.toString());
        // and the whole diff has the other real changes too
        JsonPath all = given().auth().oauth2(token("bob")).when().get("/v1/catalogue/diff?from={a}&to={b}", v2025, v2026)
                .then().statusCode(200).extract().jsonPath();
        assertTrue(all.getInt("total") > 1000, "2025-07 → 2026-01 added over a thousand models");
        List<Map<String, String>> every = all.getList("changes");
        assertTrue(every.stream().anyMatch(c -> c.get("model").equals("deepseek-reasoner") && c.get("bucket").equals("output")
                && "2.19".equals(c.get("before")) && "0.42".equals(c.get("after"))), "deepseek-reasoner output 2.19 → 0.42");
    }

    @Test
    void aPlatformAdminImportsAPriceListAndTheChangeIsPublished() {
        String list = """
                {"sample_spec": {"litellm_provider": "x", "input_cost_per_token": 0},
                 "acme-test-model": {"litellm_provider": "testai", "input_cost_per_token": 1.5e-06, "output_cost_per_token": 6e-06, "mode": "chat"}}""";
        JsonPath result = given().auth().oauth2(token("olga")).contentType(ContentType.JSON).body(list)
                .when().post("/v1/catalogue/imports?format=litellm&effective_from=2099-01-01T00:00:00Z&reason=test import")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("olga", result.getString("version.author"));
        assertTrue(result.getList("skipped").stream().anyMatch(s -> s.toString().contains("sample_spec")));
        long version = result.getLong("version.id");
        // a full list from one source: every litellm model it no longer lists is closed
        assertTrue(result.getInt("closed") > 1000);
        // (the list takes effect in 2099 so that the other tests of this run keep today's prices)
        List<Map<String, String>> added = given().auth().oauth2(token("bob"))
                .when().get("/v1/catalogue/diff?from={a}&to={b}&provider=testai", version - 1, version)
                .then().statusCode(200).extract().jsonPath().getList("changes");
        assertTrue(added.contains(Map.of("change", "added", "provider", "testai", "model", "acme-test-model",
                "bucket", "input", "after", "1.5", "effective_from", "2099-01-01T00:00:00Z")), added.toString());

        List<ConsumerRecord<String, String>> published = infra.kafka().read(infra.topic("price.changes"), 1, Duration.ofSeconds(30),
                r -> r.value().contains("\"catalogue_version\":\"" + version + "\""));
        assertEquals(1, published.size());
        PriceChange change = Json.read(published.get(0).value(), PriceChange.class);
        assertEquals("*", published.get(0).key());
        assertEquals("test import", change.reason());
        assertEquals(1, change.added());
        assertTrue(change.changesTruncated(), "a change of thousands of prices carries the first ones; the diff API has all");
    }

    @Test
    void handEditsNeedAReasonAndNeverRewriteHistory() {
        String edit = """
                {"reason": "vendor price sheet", "effective_from": "2026-10-01T00:00:00Z",
                 "entries": [{"provider": "newsapi", "model": "headlines", "prices_per_unit": {"requests": "0.002"},
                              "fees": [{"name": "subscription", "amount": "50", "period": "month"}]}]}""";
        given().auth().oauth2(token("olga")).contentType(ContentType.JSON).body(edit).when().post("/v1/catalogue/entries")
                .then().statusCode(200).body("added", equalTo(1)).body("version.source", equalTo("manual"));
        String earlier = edit.replace("2026-10-01", "2026-09-01").replace("0.002", "0.003");
        given().auth().oauth2(token("olga")).contentType(ContentType.JSON).body(earlier).when().post("/v1/catalogue/entries")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("history is not rewritten"));
        given().auth().oauth2(token("olga")).contentType(ContentType.JSON)
                .body("{\"entries\": [{\"provider\": \"x\", \"model\": \"y\", \"prices_per_million_tokens\": {\"input\": \"abc\"}}]}")
                .when().post("/v1/catalogue/entries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/reason")).body("errors.pointer", hasItem("/entries/0"));
    }

    @Test
    void onlyThePriceListImportTakesABodyOverOneMebibyte() {
        // 2 MiB of JSON whitespace around an empty object: too large for an edit, not for an import
        String twoMiB = " ".repeat(2 * 1024 * 1024) + "{}";
        given().auth().oauth2(token("olga")).contentType(ContentType.JSON).body(twoMiB)
                .when().post("/v1/catalogue/entries").then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(token("olga")).contentType(ContentType.JSON).body(twoMiB)
                .when().post("/v1/catalogue/imports?format=excel").then().statusCode(400).body("errors[0].pointer", equalTo("format"));
    }

    @Test
    void onlyPlatformAdminsChangeThePublicCatalogue() {
        given().auth().oauth2(token("alice")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/catalogue/imports?format=litellm").then().statusCode(403);
        given().auth().oauth2(token("alice")).contentType(ContentType.JSON).body("{\"reason\":\"x\",\"entries\":[]}")
                .when().post("/v1/catalogue/entries").then().statusCode(403);
        given().when().get("/v1/catalogue/versions").then().statusCode(401);
        given().auth().oauth2(token("olga")).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/catalogue/imports?format=excel").then().statusCode(400).body("errors[0].pointer", equalTo("format"));
    }

    @Test
    void anotherTenantsVersionIsNotFound() {
        long acmeVersion = given().auth().oauth2(token("alice")).contentType(ContentType.JSON)
                .body("{\"provider\": \"testai\", \"percent\": \"5\", \"reason\": \"test\"}")
                .when().post("/v1/overrides/discounts").then().statusCode(200).extract().jsonPath().getLong("version.id");
        given().auth().oauth2(token("bob")).when().get("/v1/catalogue/versions/{id}", acmeVersion).then().statusCode(200);
        given().auth().oauth2(token("carol")).when().get("/v1/catalogue/versions/{id}", acmeVersion).then().statusCode(404);
        List<Integer> globexSees = given().auth().oauth2(token("carol")).when().get("/v1/catalogue/versions")
                .then().statusCode(200).body("items.size()", greaterThan(0)).extract().jsonPath().getList("items.id");
        assertFalse(globexSees.contains((int) acmeVersion));
    }
}
