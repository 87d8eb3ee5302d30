package dev.tokenledger.ingest.security;

import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.ManagementPort;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Health, metrics and tokens as an operator and an attacker see them. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class OperatorSurfacesTest {

    @InjectTestInfra
    TestInfra infra;

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnly() {
        int management = ManagementPort.get();
        given().port(management).when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().port(management).when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds"));
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live")) {
            given().when().get(path).then().statusCode(404);
        }
    }

    @Test
    void anIdTokenOrATokenIssuedToAnotherApplicationIsNotAnAccessToken() {
        given().auth().oauth2(infra.tokens().idToken("alice")).when().get("/v1/whoami").then().statusCode(401);
        given().auth().oauth2(infra.tokens().otherApplication()).when().get("/v1/whoami").then().statusCode(401);
        given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/whoami").then().statusCode(200);
    }
}
