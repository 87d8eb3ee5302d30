package dev.tokenledger.report.security;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.report.api.ReportResource;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.IsolationMatrix;
import dev.tokenledger.testinfra.TestApiKeys;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.tokenledger.report.api.ReportEvents.priced;
import static dev.tokenledger.report.api.ReportEvents.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every report-service endpoint × every kind of credential: tenant A's spend is never in another answer. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class ReportServiceIsolationTest {

    @InjectTestInfra
    TestInfra infra;

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyEndpointRefusesWrongCredentialsAndHidesTenantAData() throws Exception {
        String marker = "matrix-secret-" + UUID.randomUUID();
        String session = "sess-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            send(infra, priced("acme", marker + "-" + i, now.minusSeconds(60L * i), marker, "feature-" + marker, session, "0.25", null));
        }
        String bob = infra.tokens().user("bob");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(bob).get("/v1/reports/sessions/" + session)
                .then().statusCode(200).body("calls", equalTo(3)));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // a dead letter for the platform admin's endpoints: a copy of an event already stored, so a replay changes nothing
        String dlq = infra.topic("usage.priced") + ".dlq";
        String copy = dev.tokenledger.common.json.Json.write(priced("acme", marker + "-0", now, marker, "feature-" + marker, session, "0.25", null));
        infra.kafka().send(dlq, "acme", copy, java.util.Map.of("dead-letter-topic", infra.topic("usage.priced")));
        var letter = infra.kafka().read(dlq, 1, Duration.ofSeconds(30), r -> r.value().equals(copy)).get(0);
        String range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);

        IsolationMatrix.Result result = IsolationMatrix.of(infra, base, ReportResource.class, Caller.class)
                .path("session", session)
                .path("topic", dlq)
                .path("partition", letter.partition())
                .path("offset", letter.offset())
                .marker(marker)
                .call("GET /v1/reports/summary", range, null)
                .call("GET /v1/reports/breakdown", "by=project&" + range, null)
                .call("GET /v1/reports/timeseries", "granularity=hour&" + range, null)
                .call("GET /v1/reports/patterns", range, null)
                .call("GET /v1/reports/compare", "period=today&against=yesterday", null)
                .call("GET /v1/reports/sessions", "period=last_2_days&top=1000", null)
                .call("GET /v1/reports/advice", "project=nothing-here-" + UUID.randomUUID(), null)
                .call("GET /v1/usage-events", range, null)
                .call("GET /v1/exports/usage-events.csv", range, null)
                .call("GET /v1/exports/usage-events.ndjson", range, null)
                .call("GET /v1/reconciliation", range, null)
                .call("POST /v1/reconciliation/bills", null, """
                        {"provider": "openai", "lines": [{"date": "%s", "model": "gpt-4o", "amount": "0.75"}]}""".formatted(today))
                .call("POST /v1/admin/dead-letters/{topic}/{partition}/{offset}/replay", null, null)
                .provedElsewhere("GET /v1/live", "LiveSessionStreamTest (a stream never ends: another tenant hears nothing; no credential 401, a"
                        + " writer's 403)")
                .provedElsewhere("PUT /v1/report-settings", "ReportsTest (a tenant's time zone changes its named periods)")
                .run();
        System.out.println("report-service " + result.summary());
        assertTrue(result.endpoints() >= 20, "endpoints found: " + result.endpoints());
        assertEquals(List.of(), result.failures());
    }

    @Test
    void anIngestOrGatewayKeyReadsNoReport() {
        TestApiKeys.Key ingest = TestApiKeys.create(infra, "acme", null, "ingest", "gateway");
        given().header("X-Api-Key", ingest.value()).get("/v1/reports/summary").then().statusCode(403);
        given().header("Authorization", "Bearer " + ingest.value()).get("/v1/exports/usage-events.csv").then().statusCode(403);
    }
}
