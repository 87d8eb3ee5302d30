package dev.tokenledger.pricing.security;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.pricing.quote.QuoteResource;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.IsolationMatrix;
import dev.tokenledger.testinfra.TestApiKeys;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every pricing-service endpoint × every kind of credential; price changes in the audit log. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class PricingServiceIsolationTest {

    @InjectTestInfra
    TestInfra infra;

    @TestHTTPResource("/")
    URI base;

    String alice() {
        return infra.tokens().user("alice");
    }

    JsonPath post(String token, String path, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path)
                .then().statusCode(200).extract().jsonPath();
    }

    static String price(String model, String reason) {
        return """
                {"reason": "%s", "entries": [{"provider": "matrixai", "model": "%s", "prices_per_million_tokens": {"input": "1", "output": "2"}}]}"""
                .formatted(reason, model);
    }

    @Test
    void everyEndpointRefusesWrongCredentialsAndHidesTenantAData() {
        String marker = "matrix-secret-" + UUID.randomUUID();
        String model = "m-" + UUID.randomUUID();
        JsonPath discount = post(alice(), "/v1/overrides/discounts",
                "{\"provider\": \"matrixai\", \"percent\": \"5\", \"reason\": \"" + marker + "\"}");
        long version = discount.getLong("version.id");
        long discountId = discount.getLong("discounts[0].id");
        JsonPath prices = post(alice(), "/v1/overrides/prices", price(model, marker + " price"));
        long priceId = prices.getLong("prices.find { it.model == '" + model + "' }.id");
        long runId = post(alice(), "/v1/repricing-runs", "{\"reason\": \"" + marker + " run\"}").getLong("id");

        IsolationMatrix.Result result = IsolationMatrix.of(infra, base, QuoteResource.class, Caller.class)
                .path("GET /v1/catalogue/versions/{id}", "id", version)
                .path("DELETE /v1/overrides/discounts/{id}", "id", discountId)
                .path("DELETE /v1/overrides/prices/{id}", "id", priceId)
                .path("GET /v1/repricing-runs/{id}", "id", runId)
                .marker(marker)
                .call("GET /v1/catalogue/diff", "from=1&to=2", null)
                .call("POST /v1/catalogue/entries", null, price("public-" + UUID.randomUUID(), "matrix public entry"))
                .provedElsewhere("POST /v1/catalogue/imports", "CatalogueApiTest (a whole-list import closes what the list omits)")
                .call("POST /v1/overrides/discounts", null, "{\"provider\": \"matrixai\", \"model\": \"other\", \"percent\": \"3\", \"reason\": \"matrix\"}")
                .call("POST /v1/overrides/prices", null, price("n-" + UUID.randomUUID(), "matrix"))
                .call("POST /v1/repricing-runs", null, "{\"reason\": \"matrix run\"}")
                .call("POST /v1/quotes", null, "{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"usage\": {\"input_tokens\": 1000, \"output_tokens\": 100}}")
                .call("GET /v1/models", "q=gpt-4o&provider=openai", null)
                .run();
        System.out.println("pricing-service " + result.summary());
        assertTrue(result.endpoints() >= 15, "endpoints found: " + result.endpoints());
        assertEquals(List.of(), result.failures());
    }

    @Test
    void aGatewayKeyMayQuoteAndNothingElse() {
        TestApiKeys.Key gateway = TestApiKeys.create(infra, "acme", null, "gateway");
        given().header("X-Api-Key", gateway.value()).contentType(ContentType.JSON)
                .body("{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"usage\": {\"input_tokens\": 1000000}}")
                .when().post("/v1/quotes").then().statusCode(200).body("pricing.cost.amount", org.hamcrest.Matchers.startsWith("2.5"));
        given().header("X-Api-Key", gateway.value()).when().get("/v1/overrides").then().statusCode(403);
    }

    @Test
    void priceChangesAreInTheAuditLogWithTheActingSubject() {
        String model = "audited-" + UUID.randomUUID();
        long version = post(alice(), "/v1/overrides/prices", price(model, "negotiated sheet")).getLong("version.id");
        JsonPath log = given().auth().oauth2(alice()).queryParam("object_id", String.valueOf(version)).when().get("/v1/audit-log")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("price_override.version_written", log.getString("entries[0].action"));
        assertEquals("alice", log.getString("entries[0].actor"));
        assertEquals(model, log.getString("entries[0].after.entries[0].model"));
        assertEquals("negotiated sheet", log.getString("entries[0].after.reason"));

        String olga = infra.tokens().platformAdmin();
        String publicModel = "public-audited-" + UUID.randomUUID();
        long publicVersion = post(olga, "/v1/catalogue/entries", price(publicModel, "vendor sheet")).getLong("version.id");
        // the public catalogue's log is the platform's: a platform admin reads it, a tenant admin does not see it
        given().auth().oauth2(olga).queryParam("object_id", String.valueOf(publicVersion)).when().get("/v1/audit-log")
                .then().statusCode(200).body("entries[0].action", equalTo("catalogue.version_written"))
                .body("entries[0].actor", equalTo("olga")).body("entries[0].tenant_id", equalTo("*"))
                .body("entries[0].after.entries[0].model", equalTo(publicModel));
        given().auth().oauth2(alice()).queryParam("object_id", String.valueOf(publicVersion)).when().get("/v1/audit-log")
                .then().statusCode(200).body("entries", org.hamcrest.Matchers.empty());
    }
}
