package dev.tokenledger.budget.decision;

import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A replica decides from its cached list of the tenant's budgets, but never answers from a list
 * that is out of date: a budget made or edited through another replica (here: written with SQL
 * behind this replica's back, as another replica's commit looks to it) applies to the very next
 * decision, not after the list's next version check.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class BudgetsChangedElsewhereTest {

    @InjectTestInfra
    TestInfra infra;

    private String decide(String requestId, String project, String cost) {
        return given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON)
                .body(BudgetDecisionsTest.decision(requestId, project, cost, null))
                .when().post("/v1/decisions").then().statusCode(200).extract().asString();
    }

    private long insertBudget(String project, String limit) throws Exception {
        try (var c = infra.jdbc(); var st = c.prepareStatement("""
                INSERT INTO budget.budget (tenant_id, name, scope, period, time_zone, unit, limit_amount, thresholds, enforcement, created_by)
                VALUES ('acme', 'made elsewhere', jsonb_build_object('project', ?), 'total', 'UTC', 'usd', ?::numeric, '{50,80}', 'block', 'test')
                RETURNING id""")) {
            st.setString(1, project);
            st.setString(2, limit);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aBudgetMadeThroughAnotherReplicaAppliesToTheNextDecision() throws Exception {
        String project = "elsewhere-" + UUID.randomUUID();
        // the tenant's list is cached now, without a budget for the project
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON)
                .body(BudgetDecisionsTest.decision(project + "-0", project, "0.01", null))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow")).body("budgets", hasSize(0));
        long id = insertBudget(project, "0.005");
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON)
                .body(BudgetDecisionsTest.decision(project + "-1", project, "0.01", null))
                .when().post("/v1/decisions").then().statusCode(200)
                .body("decision", equalTo("deny")).body("budgets[0].id", equalTo((int) id));
    }

    @Test
    void aLimitLoweredThroughAnotherReplicaHoldsFromTheNextDecision() throws Exception {
        String project = "lowered-" + UUID.randomUUID();
        long id = insertBudget(project, "1.00");
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON)
                .body(BudgetDecisionsTest.decision(project + "-0", project, "0.01", null))
                .when().post("/v1/decisions").then().statusCode(200).body("decision", equalTo("allow")).body("budgets", hasSize(1));
        try (var c = infra.jdbc(); var st = c.prepareStatement("UPDATE budget.budget SET limit_amount = 0.015 WHERE id = ?")) {
            st.setLong(1, id);
            st.executeUpdate();
        }
        // 0.01 is held: a second 0.01 no longer fits the new limit of 0.015
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON)
                .body(BudgetDecisionsTest.decision(project + "-1", project, "0.01", null))
                .when().post("/v1/decisions").then().statusCode(200)
                .body("decision", equalTo("deny")).body("budgets[0].limit", equalTo("0.015"));
    }

    @Test
    void leasesAreABudgetsChoiceAndOffByDefault() {
        String project = "leases-" + UUID.randomUUID();
        String alice = infra.tokens().user("alice");
        given().auth().oauth2(alice).contentType(ContentType.JSON).body("""
                        {"name": "exact", "scope": {"project": "%s"}, "period": "total", "unit": "usd", "limit": "5"}""".formatted(project))
                .when().post("/v1/budgets").then().statusCode(201).body("allowance_leases", equalTo(false));
        given().auth().oauth2(alice).contentType(ContentType.JSON).body("""
                        {"name": "leased", "scope": {"project": "%s"}, "period": "total", "unit": "usd", "limit": "5",
                         "allowance_leases": true}""".formatted(project))
                .when().post("/v1/budgets").then().statusCode(201).body("allowance_leases", equalTo(true));
    }
}
