package dev.tokenledger.budget.budget;

import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** After a budget change, the decisions that arrive while the tenant's budgets are read again share one read. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class TenantBudgetsLoadTest {

    @InjectTestInfra
    TestInfra infra;

    @Inject
    TenantBudgets tenantBudgets;

    @Test
    void decisionsArrivingRightAfterAChangeWaitForOneReadAndEachSeesTheNewBudget() throws Exception {
        String project = "herd-" + UUID.randomUUID();
        String gateway = infra.tokens().serviceAccount("acme");
        long id = given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON).body("""
                        {"name": "herd", "scope": {"project": "%s"}, "period": "day", "time_zone": "UTC",
                         "unit": "requests", "limit": "1000", "enforcement": "block"}""".formatted(project))
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
        long before = tenantBudgets.waitedLoads();

        ExecutorService threads = Executors.newFixedThreadPool(40);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String body = """
                        {"request_id": "%s-%d", "provider": "openai", "model": "gpt-4o", "estimated_input_tokens": 10,
                         "max_output_tokens": 10, "attribution": {"project": "%s"}}""".formatted(project, i, project);
                answers.add(threads.submit(() -> given().auth().oauth2(gateway).contentType(ContentType.JSON).body(body)
                        .when().post("/v1/decisions").then().extract().response()));
            }
            for (Future<Response> f : answers) {
                Response r = f.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.asString());
                assertEquals(List.of(id), r.jsonPath().getList("budgets.id", Long.class), "every decision sees the budget just created");
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, tenantBudgets.waitedLoads() - before, "one read of the tenant's budgets for all 40 decisions");
    }
}
