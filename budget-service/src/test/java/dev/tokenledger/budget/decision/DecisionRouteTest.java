package dev.tokenledger.budget.decision;

import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestApiKeys;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code POST /v1/decisions} is a Vert.x route, not a Quarkus REST resource: what a resource got from
 * Quarkus REST (media types, body limit, JSON rules, problem documents, rate limits, security
 * headers, the OpenAPI entry) must hold here as well.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class DecisionRouteTest {

    @InjectTestInfra
    TestInfra infra;

    private String gateway() {
        return infra.tokens().serviceAccount("acme");
    }

    private static String request(String project) {
        return """
                {"request_id": "%s", "provider": "openai", "model": "gpt-4o", "estimated_cost": "0.25",
                 "attribution": {"project": "%s"}}""".formatted(UUID.randomUUID(), project);
    }

    @Test
    void anAnswerIsJsonWithTheBudgetFiguresAndTheSecurityHeaders() {
        String project = "route-" + UUID.randomUUID();
        given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON)
                .body("""
                        {"name": "route budget", "scope": {"project": "%s"}, "period": "month", "time_zone": "UTC", "unit": "usd",
                         "limit": "1.00", "enforcement": "block"}""".formatted(project))
                .when().post("/v1/budgets").then().statusCode(201);
        given().auth().oauth2(gateway()).contentType("application/json; charset=UTF-8").body(request(project))
                .when().post("/v1/decisions").then().statusCode(200).contentType(ContentType.JSON)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store")
                .body("decision", equalTo("allow")).body("budgets[0].name", equalTo("route budget"))
                .body("budgets[0].limit", equalTo("1")).body("budgets[0].reserved", equalTo("0"))
                .body("budgets[0].request", equalTo("0.25"));
        // the figures are as read before this request: the second sees the first one's hold
        given().auth().oauth2(gateway()).contentType(ContentType.JSON).body(request(project))
                .when().post("/v1/decisions").then().statusCode(200)
                .body("budgets[0].reserved", equalTo("0.25")).body("budgets[0].remaining", equalTo("0.75"));
    }

    @Test
    void refusalsAreProblemDocumentsThatSayWhatIsWrong() {
        given().auth().oauth2(gateway()).contentType(ContentType.TEXT).body(request("p"))
                .when().post("/v1/decisions").then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("https://tokenledger.dev/problems/unsupported-media-type"));
        given().auth().oauth2(gateway()).contentType(ContentType.JSON).body("{\"request_id\": ")
                .when().post("/v1/decisions").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://tokenledger.dev/problems/malformed-json"));
        given().auth().oauth2(gateway()).contentType(ContentType.JSON).body(request("p").replace("\"model\"", "\"colour\": \"red\", \"model\""))
                .when().post("/v1/decisions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].message", equalTo("unknown field 'colour'"));
        given().auth().oauth2(gateway()).contentType(ContentType.JSON).body(request("p").replace("\"gpt-4o\"", "\"gpt\\u0000\""))
                .when().post("/v1/decisions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/model"));
        given().auth().oauth2(gateway()).contentType(ContentType.JSON).body("")
                .when().post("/v1/decisions").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/request_id")).body("errors.pointer", hasItem("/provider"));
        String huge = "{\"request_id\": \"" + "x".repeat(1_100_000) + "\"}";
        // announced by Content-Length: refused before the body is read, as a problem document on the route and on any resource
        given().auth().oauth2(gateway()).contentType(ContentType.JSON).body(huge)
                .when().post("/v1/decisions").then().statusCode(413).contentType("application/problem+json")
                .body("type", endsWith("/too-large")).body("detail", equalTo("the body is larger than 1048576 bytes"))
                .header("X-Content-Type-Options", "nosniff");
        given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON).body(huge)
                .when().post("/v1/budgets").then().statusCode(413).contentType("application/problem+json")
                .body("type", endsWith("/too-large"));
        given().auth().oauth2(infra.tokens().user("bob")).contentType(ContentType.JSON).body(request("p"))
                .when().post("/v1/decisions").then().statusCode(403).contentType("application/problem+json")
                .body("detail", startsWith("deciding needs the role"));
        given().contentType(ContentType.JSON).body(request("p")).when().post("/v1/decisions").then().statusCode(401);
    }

    @Test
    void anApiKeyOverItsRequestsPerMinuteIsRefusedWith429AndRetryAfter() {
        String key = TestApiKeys.create(infra, "acme", null, 6, "gateway").value();
        // six a minute holds one request (ten seconds' worth): the second within the second is refused
        given().header("X-Api-Key", key).contentType(ContentType.JSON).body(request("rate"))
                .when().post("/v1/decisions").then().statusCode(200);
        given().header("X-Api-Key", key).contentType(ContentType.JSON).body(request("rate"))
                .when().post("/v1/decisions").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }

    @Test
    void theOpenApiDocumentDescribesTheRouteInTheWireNames() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/decisions'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/DecisionAsked"))
                .body("paths.'/v1/decisions'.post.security[0].SecurityScheme", hasItem("gateway"))
                .body("components.schemas.DecisionAsked.properties", hasKey("request_id"))
                .body("components.schemas.DecisionAnswer.properties.budgets.items.properties", hasKey("reset_at"));
    }
}
