package dev.tokenledger.budget.security;

import dev.tokenledger.budget.budget.BudgetResource;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.IsolationMatrix;
import dev.tokenledger.testinfra.TestApiKeys;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every budget-service endpoint × every kind of credential (the matrix is generated from the
 * resource classes), API keys for gateways, the audit log of budget changes, and a platform admin
 * acting for a tenant.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class BudgetServiceIsolationTest {

    @InjectTestInfra
    TestInfra infra;

    @TestHTTPResource("/")
    URI base;

    String alice() {
        return infra.tokens().user("alice");
    }

    long budget(String token, String name, String project) {
        String body = """
                {"name": "%s", "scope": {"project": "%s"}, "period": "month", "time_zone": "UTC", "unit": "usd", "limit": "10.00",
                 "enforcement": "block", "per_request_ceiling": "5.00"}""".formatted(name, project);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/v1/budgets")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void everyEndpointRefusesWrongCredentialsAndHidesTenantAData() {
        String marker = "matrix-secret-" + UUID.randomUUID();
        String project = "matrix-" + UUID.randomUUID();
        long kept = budget(alice(), marker, project);
        long deletable = budget(alice(), marker + "-deletable", project);
        String budgetBody = """
                {"name": "matrix renamed", "scope": {"project": "%s"}, "period": "month", "time_zone": "UTC", "unit": "usd",
                 "limit": "12.00", "enforcement": "block"}""".formatted(project);
        String decision = """
                {"request_id": "%s", "provider": "openai", "model": "gpt-4o", "estimated_cost": "0.01",
                 "attribution": {"project": "%s"}}""";
        IsolationMatrix.Result result = IsolationMatrix.of(infra, base, BudgetResource.class, Caller.class)
                .route("POST", "/v1/decisions", Roles.GATEWAY, Roles.TENANT_ADMIN)
                .path("id", kept)
                .path("DELETE /v1/budgets/{id}", "id", deletable)
                .marker(marker)
                .call("POST /v1/budgets", null, budgetBody.replace("matrix renamed", "matrix new"))
                .call("PUT /v1/budgets/{id}", null, budgetBody)
                .call("POST /v1/budgets/{id}/credits", null, "{\"amount\": \"1.50\", \"reason\": \"matrix credit\"}")
                .call("POST /v1/budgets/{id}/re-enable", null, null)
                .call("POST /v1/decisions", null, decision.formatted(UUID.randomUUID(), project))
                .run();
        System.out.println("budget-service " + result.summary());
        assertTrue(result.endpoints() >= 12, "endpoints found: " + result.endpoints());
        assertEquals(List.of(), result.failures());
    }

    @Test
    void aGatewayKeyBoundToAProjectDecidesForThatProjectOnly() {
        String project = "keyed-" + UUID.randomUUID();
        budget(alice(), "keyed budget", project);
        TestApiKeys.Key key = TestApiKeys.create(infra, "acme", project, "gateway");
        String request = """
                {"request_id": "%s", "provider": "openai", "model": "gpt-4o", "estimated_cost": "0.01"%s}""";
        given().header("Authorization", "Bearer " + key.value()).contentType(ContentType.JSON)
                .body(request.formatted(UUID.randomUUID(), "")).when().post("/v1/decisions")
                .then().statusCode(200).body("decision", equalTo("allow")).body("budgets.name", hasItem("keyed budget"));
        given().header("X-Api-Key", key.value()).contentType(ContentType.JSON)
                .body(request.formatted(UUID.randomUUID(), ", \"attribution\": {\"project\": \"someone-else\"}")).when().post("/v1/decisions")
                .then().statusCode(403).contentType("application/problem+json").body("errors[0].pointer", equalTo("/attribution/project"));
        // the same key reads nothing
        given().header("X-Api-Key", key.value()).when().get("/v1/budgets").then().statusCode(403);
    }

    @Test
    void budgetChangesAreInTheAuditLogWithTheActingSubject() {
        String name = "audited-" + UUID.randomUUID();
        long id = budget(alice(), name, "audited");
        given().auth().oauth2(alice()).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "-2\", \"scope\": {\"project\": \"audited\"}, \"period\": \"day\", \"time_zone\": \"UTC\", \"unit\": \"tokens\", \"limit\": \"1000\","
                        + " \"enforcement\": \"warn\"}")
                .when().put("/v1/budgets/{id}", id).then().statusCode(200);
        given().auth().oauth2(alice()).contentType(ContentType.JSON).body("{\"amount\": \"5\", \"reason\": \"free tier\"}")
                .when().post("/v1/budgets/{id}/credits", id).then().statusCode(200);
        given().auth().oauth2(alice()).when().delete("/v1/budgets/{id}", id).then().statusCode(204);

        var log = given().auth().oauth2(alice()).queryParam("object_type", "budget").queryParam("object_id", String.valueOf(id))
                .when().get("/v1/audit-log").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("budget.deleted", "budget.credit_granted", "budget.updated", "budget.created"), log.getList("entries.action"));
        assertEquals(List.of("alice", "alice", "alice", "alice"), log.getList("entries.actor"));
        assertEquals(name, log.getString("entries[3].after.name"));
        assertEquals(name, log.getString("entries[2].before.name"));
        assertEquals(name + "-2", log.getString("entries[2].after.name"));
        assertEquals("free tier", log.getString("entries[1].after.reason"));
        assertEquals(name + "-2", log.getString("entries[0].before.name"));
        // a viewer may not read it; another tenant's admin sees none of it
        given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/audit-log").then().statusCode(403);
        given().auth().oauth2(infra.tokens().user("carol")).queryParam("object_id", String.valueOf(id)).when().get("/v1/audit-log")
                .then().statusCode(200).body("entries", org.hamcrest.Matchers.empty());
    }

    @Test
    void aPlatformAdminActsForANamedTenantAndTheActIsRecorded() {
        String olga = infra.tokens().platformAdmin();
        // without naming a tenant, olga is no tenant admin
        given().auth().oauth2(olga).when().get("/v1/budgets").then().statusCode(403);
        String name = "olga-" + UUID.randomUUID();
        long id = given().auth().oauth2(olga).header("X-Tokenledger-Tenant", "globex").contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"scope\": {}, \"period\": \"month\", \"unit\": \"usd\", \"limit\": \"1\", \"enforcement\": \"alert\"}")
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
        // it is globex's budget now, and globex's admin sees who made it
        given().auth().oauth2(infra.tokens().user("carol")).when().get("/v1/budgets/{id}", id).then().statusCode(200).body("name", equalTo(name));
        given().auth().oauth2(alice()).when().get("/v1/budgets/{id}", id).then().statusCode(404);
        given().auth().oauth2(infra.tokens().user("carol")).queryParam("object_id", String.valueOf(id)).when().get("/v1/audit-log")
                .then().statusCode(200).body("entries[0].actor", equalTo("olga")).body("entries[0].actor_tenant", equalTo("platform"))
                .body("entries[0].tenant_id", equalTo("globex"));
        // nobody else may name a tenant
        given().auth().oauth2(alice()).header("X-Tokenledger-Tenant", "globex").when().get("/v1/budgets")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(olga).header("X-Tokenledger-Tenant", "globex").when().get("/v1/whoami")
                .then().statusCode(200).body("tenant_id", equalTo("globex")).body("subject", equalTo("olga"));
    }

    @Test
    void answersCarrySecurityHeadersAndNoCorsPermission() {
        given().when().get("/v1/budgets").then().statusCode(401)
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'").header("Cache-Control", "no-store");
        given().auth().oauth2(alice()).when().get("/v1/budgets").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .when().options("/v1/budgets").then().header("Access-Control-Allow-Origin", nullValue());
        given().auth().oauth2(alice()).header("Origin", "https://evil.example").when().get("/v1/budgets")
                .then().header("Access-Control-Allow-Origin", nullValue()).header("Content-Security-Policy", notNullValue());
    }
}
