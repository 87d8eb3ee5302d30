package dev.tokenledger.budget.decision;

import dev.tokenledger.testinfra.CalendarGuard;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestApiKeys;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * A budget scoped to an API key holds however the body is written: the key's id comes from the
 * credential, so leaving it out or naming another key cannot take a call out of the budget.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class KeyScopedBudgetTest {

    @InjectTestInfra
    TestInfra infra;

    private static String decision(String attribution) {
        return """
                {"request_id": "%s", "provider": "openai", "model": "gpt-4o", "estimated_cost": "0.60", "attribution": %s}"""
                .formatted(UUID.randomUUID(), attribution);
    }

    @Test
    void aBudgetScopedToAKeyHoldsHoweverTheBodyIsWritten() {
        CalendarGuard.clearOf(ChronoUnit.DAYS, Duration.ofMinutes(2), ZoneOffset.UTC);
        TestApiKeys.Key key = TestApiKeys.create(infra, "acme", null, "gateway");
        TestApiKeys.Key other = TestApiKeys.create(infra, "acme", null, "gateway");
        given().auth().oauth2(infra.tokens().user("alice")).contentType("application/json")
                .body("{\"name\": \"key " + key.id() + "\", \"scope\": {\"api_key\": \"" + key.id() + "\"}, \"period\": \"day\","
                        + " \"unit\": \"usd\", \"limit\": \"1.00\", \"enforcement\": \"block\"}")
                .when().post("/v1/budgets").then().statusCode(201);

        // no api_key_id in the body: the key's own id applies, and its budget with it
        given().header("X-Api-Key", key.value()).contentType("application/json").body(decision("{}"))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow"))
                .body("budgets[0].name", equalTo("key " + key.id()));
        given().header("X-Api-Key", key.value()).contentType("application/json").body(decision("{}"))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("deny"));
        // the key's own id written out: the same budget
        given().header("X-Api-Key", key.value()).contentType("application/json")
                .body(decision("{\"api_key_id\": \"" + key.id() + "\"}"))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("deny"));
        // another key's id: refused, not decided under the other key's (empty) budgets
        given().header("X-Api-Key", key.value()).contentType("application/json")
                .body(decision("{\"api_key_id\": \"" + other.id() + "\"}"))
                .when().post("/v1/decisions").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/attribution/api_key_id"));
        // a token cannot speak for a key either
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType("application/json")
                .body(decision("{\"api_key_id\": \"" + key.id() + "\"}"))
                .when().post("/v1/decisions").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/attribution/api_key_id"));
    }
}
