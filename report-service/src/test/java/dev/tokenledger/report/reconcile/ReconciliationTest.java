package dev.tokenledger.report.reconcile;

import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import static dev.tokenledger.report.api.ReportEvents.priced;
import static dev.tokenledger.report.api.ReportEvents.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class ReconciliationTest {

    @InjectTestInfra
    TestInfra infra;

    @Test
    void providerBilledAndTrackedCostAreComparedPerDayAndModel() throws Exception {
        String project = "rec-" + UUID.randomUUID();
        LocalDate d1 = LocalDate.now(ZoneOffset.UTC).minusDays(40);
        LocalDate d2 = d1.plusDays(1);
        send(infra, priced("acme", project + "-1", d1.atTime(9, 0).toInstant(ZoneOffset.UTC), project, "f", null, "1.25", null));
        send(infra, priced("acme", project + "-2", d1.atTime(23, 59).toInstant(ZoneOffset.UTC), project, "f", null, "2.50", null));
        send(infra, priced("acme", project + "-3", d2.atTime(0, 1).toInstant(ZoneOffset.UTC), project, "f", null, "4.00", null));
        String alice = infra.tokens().user("alice");
        String bob = infra.tokens().user("bob");
        String range = "from=" + d1 + "&to=" + d2.plusDays(1) + "&project=" + project;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(bob).get("/v1/reports/summary?" + range)
                .then().body("calls", equalTo(3)));

        given().auth().oauth2(alice).contentType("application/json").body("""
                {"provider": "openai", "lines": [
                  {"date": "%s", "model": "gpt-4o", "amount": "3.80"},
                  {"date": "%s", "model": "gpt-4o", "amount": "4.00"},
                  {"date": "%s", "model": "gpt-4o-mini", "amount": "0.50"}]}""".formatted(d1, d2, d2))
                .when().post("/v1/reconciliation/bills").then().statusCode(200).body("imported", equalTo(3));

        // a bad CSV is refused whole, naming the line and field, and changes nothing
        given().auth().oauth2(alice).contentType("text/csv").body("date,model,amount\n" + d1 + ",gpt-4o,9.99\n" + d2 + ",gpt-4o,lots\n")
                .queryParam("provider", "openai").when().post("/v1/reconciliation/bills").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/lines/2/amount"));
        // a NUL inside a cell and a date before year 1 are refused by name, never stored (PostgreSQL cannot keep either)
        given().auth().oauth2(alice).contentType("text/csv").body("date,model,amount\n" + d1 + ",gpt\u0000-4o,1\n-5000-01-01,gpt-4o,1\n")
                .queryParam("provider", "openai").when().post("/v1/reconciliation/bills").then().statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.contains("/lines/1/model", "/lines/2/date"));
        given().auth().oauth2(bob).contentType("text/csv").body("date,model,amount\n" + d1 + ",gpt-4o,1\n").queryParam("provider", "openai")
                .when().post("/v1/reconciliation/bills").then().statusCode(403);

        JsonPath r = given().auth().oauth2(bob).get("/v1/reconciliation?" + range).then().statusCode(200).extract().jsonPath();
        assertEquals(3, r.getList("rows").size());
        assertEquals(d1.toString(), r.getString("rows[0].day"));
        assertDecimal("3.80", r.getString("rows[0].billed.amount"));
        assertDecimal("3.75", r.getString("rows[0].tracked.amount"));
        assertDecimal("0.05", r.getString("rows[0].difference.amount"));
        assertEquals("1.32", r.getString("rows[0].difference_percent"));
        assertDecimal("0", r.getString("rows[1].difference.amount"));
        assertEquals("gpt-4o-mini", r.getString("rows[2].model"));
        assertDecimal("0", r.getString("rows[2].tracked.amount"));
        assertDecimal("8.30", r.getString("billed_total.amount"));
        assertDecimal("7.75", r.getString("tracked_total.amount"));

        // CSV import replaces the lines it repeats
        given().auth().oauth2(alice).contentType("text/csv").body("date,provider,model,amount\n" + d1 + ",openai,gpt-4o,3.75\n")
                .when().post("/v1/reconciliation/bills").then().statusCode(200);
        given().auth().oauth2(bob).get("/v1/reconciliation?" + range).then().body("rows[0].difference.amount", equalTo("0.000000000000"));
        given().auth().oauth2(infra.tokens().user("dave")).get("/v1/reconciliation?" + range).then().statusCode(200)
                .body("rows.size()", equalTo(0));
    }

    private static void assertDecimal(String expected, String actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual)), expected + " vs " + actual);
    }
}
