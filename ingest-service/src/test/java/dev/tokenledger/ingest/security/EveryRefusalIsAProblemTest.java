package dev.tokenledger.ingest.security;

import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every refusal, wherever it is made (HTTP layer, security, JAX-RS), is an application/problem+json document without Java names. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class EveryRefusalIsAProblemTest {

    @InjectTestInfra
    TestInfra infra;

    @TestHTTPResource("/")
    URI base;

    private static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body(not(containsString("java.")), not(containsString("@Consumes")));
    }

    @Test
    void noCredentialOrABadTokenIs401WithAChallenge() {
        problem(given().contentType("application/json").body("[]").when().post("/v1/usage-events").then(), 401)
                .header("WWW-Authenticate", containsString("Bearer"));
        problem(given().auth().oauth2("not-a-token").when().get("/v1/whoami").then(), 401);
    }

    @Test
    void aCredentialWithoutTheRoleIs403() {
        problem(given().auth().oauth2(infra.tokens().user("bob")).contentType("application/json").body("[]")
                .when().post("/v1/usage-events").then(), 403);
    }

    @Test
    void anUnknownPathAWrongMethodAndAWrongMediaTypeAreProblems() {
        String alice = infra.tokens().user("alice");
        problem(given().auth().oauth2(alice).when().get("/v1/nothing-here").then(), 404);
        problem(given().auth().oauth2(alice).when().delete("/v1/usage-events").then(), 405);
        problem(given().auth().oauth2(alice).contentType("text/plain").body("x").when().post("/v1/usage-events").then(), 415);
    }

    @Test
    void aQueryParameterThatIsNotANumberIs400NamingIt() {
        problem(given().auth().oauth2(infra.tokens().user("alice")).when().get("/v1/audit-log?limit=abc").then(), 400)
                .body("errors[0].pointer", equalTo("/limit"))
                .body("errors[0].message", containsString("'abc'"));
    }

    @Test
    void aMistypedFieldIsNamedInTheApisWordsNotJavas() {
        problem(given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType("application/json")
                .body("{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":{\"a\":1}}}")
                .when().post("/v1/usage-events").then(), 400);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Problem() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/usage-events"))
                .header("Authorization", "Bearer " + infra.tokens().serviceAccount("acme"))
                .header("Content-Type", "application/json")
                // no length known in advance: sent chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("\"status\":413"), r.body());
    }
}
