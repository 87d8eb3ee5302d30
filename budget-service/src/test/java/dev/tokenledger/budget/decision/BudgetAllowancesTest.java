package dev.tokenledger.budget.decision;

import dev.tokenledger.budget.allowance.Allowances;
import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.BudgetStore;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.CalendarGuard;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Allowances (slices of a busy budget leased by a replica and decided from in memory) on real
 * PostgreSQL: two replicas, each with its own pool and its own allowances, decide at once against
 * one budget; together they never allow more than the limit, the slices do not stand in the way,
 * and every request allowed from a slice holds as its own hold that its priced event settles.
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class BudgetAllowancesTest {

    /** The budgets here are monthly (Berlin or UTC): a month ending while a test runs would split what it sent. */
    @BeforeEach
    void awayFromAMonthsEnd() {
        CalendarGuard.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(2), ZoneId.of("Europe/Berlin"), ZoneOffset.UTC);
    }


    @InjectTestInfra
    TestInfra infra;

    @Inject
    BudgetStore budgets;

    @Inject
    BudgetConfig config;

    @Inject
    io.vertx.mutiny.core.Vertx vertx;

    @Inject
    Pool pool;

    @Test
    void twoReplicasDecidingFromAllowancesAllowNoMoreThanTheLimitAndEveryRequestHoldsOnItsOwn() throws Exception {
        String project = "allowance-" + UUID.randomUUID();
        long id = given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON).body("""
                        {"name": "allowances", "scope": {"project": "%s"}, "period": "month", "time_zone": "Europe/Berlin",
                         "unit": "usd", "limit": "1.00", "enforcement": "block", "allowance_leases": true}""".formatted(project))
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
        Budget budget = budgets.find("acme", id).await().indefinitely();
        assertTrue(budget.allowanceLeases(), "the budget opted in to leases");
        long version = budgets.version("acme").await().indefinitely();
        BigDecimal tenth = new BigDecimal("0.001");
        List<OtherReplica> replicas = List.of(OtherReplica.start(vertx, config), OtherReplica.start(vertx, config));
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Future<String>> answers = new ArrayList<>();
        try {
            // 1,500 requests of $0.001 against $1.00: 1,000 fit
            for (int i = 0; i < 1_500; i++) {
                String requestId = project + "-" + i;
                DecisionService d = replicas.get(i % 2).decisions();
                answers.add(threads.submit(() -> d.decide("acme", requestId, version, List.of(budget), Map.of(id, tenth), Instant.now(), null)
                        .await().indefinitely().outcome() == DecisionPolicy.Outcome.DENY ? null : requestId));
            }
            List<String> allowed = new ArrayList<>();
            for (Future<String> f : answers) {
                String r = f.get();
                if (r != null) {
                    allowed.add(r);
                }
            }
            long fromLeases = replicas.get(0).allowances().allowedFromLeases() + replicas.get(1).allowances().allowedFromLeases();
            assertTrue(allowed.size() <= 1_000, "never more than the limit: " + allowed.size());
            assertTrue(allowed.size() >= 990, "unused slices of the other replica do not deny requests that fit: " + allowed.size());
            // slices are leased while one would still cover 20 requests (5 % of the headroom below 90 %): up to about half the limit
            assertTrue(fromLeases >= 200, "busy, far from its limit, the budget was decided in memory: " + fromLeases + " of " + allowed.size());

            // both replicas write back what they allowed and give their leases back
            for (OtherReplica r : replicas) {
                r.allowances().stop().await().indefinitely();
            }
            assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM budget.budget_hold WHERE budget_id = $1 AND request_id LIKE 'lease:%'")
                    .execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0), "no lease left");
            assertEquals(allowed.size(), pool.preparedQuery("SELECT count(*) FROM budget.budget_hold WHERE budget_id = $1")
                    .execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0), "one hold per allowed request");
            assertEquals(0, tenth.multiply(BigDecimal.valueOf(allowed.size())).compareTo(new BigDecimal((String) status(id).get("reserved"))),
                    "reserved is exactly the allowed requests' estimates");

            // a request allowed from a slice is settled by its priced event like any other
            List<String> settled = allowed.subList(0, 3);
            settled.forEach(r -> send(r, project));
            BigDecimal expected = tenth.multiply(BigDecimal.valueOf(allowed.size() - 3L));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Object> s = status(id);
                assertEquals(0, new BigDecimal("0.0024").compareTo(new BigDecimal((String) s.get("spent"))));
                assertEquals(0, expected.compareTo(new BigDecimal((String) s.get("reserved"))));
            });
        } finally {
            threads.shutdown();
            replicas.forEach(OtherReplica::close);
        }
    }

    private void send(String requestId, String project) {
        Instant at = Instant.now();
        UsageRecorded usage = new UsageRecorded(1, UsageRecorded.TYPE, "acme", "evt-" + requestId, at, at, "openai", "gpt-4o", "chat",
                "success", requestId, null, "standard", Usage.tokens(100, 10), null,
                new Attribution(project, null, null, null, null, null, null, null, Map.of()));
        infra.kafka().send(infra.topic("usage.priced"), "acme", Json.write(UsagePriced.of(usage, Pricing.priced(Money.usd("0.0008"), "1", "1", at))));
    }

    @Test
    void theStatusShowsLeasedHeadroomApartFromWhatRequestsReserve() {
        String project = "leased-" + UUID.randomUUID();
        long id = given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON).body("""
                        {"name": "leased", "scope": {"project": "%s"}, "period": "month", "time_zone": "Europe/Berlin",
                         "unit": "usd", "limit": "1.00", "enforcement": "block"}""".formatted(project))
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON)
                .body(BudgetDecisionsTest.decision(project + "-1", project, "0.01", null))
                .when().post("/v1/decisions").then().statusCode(200);
        Budget budget = budgets.find("acme", id).await().indefinitely();
        var window = budget.period().windowAt(Instant.now(), budget.zone());
        String lease = "lease:another-replica:" + window.start();
        // 5 % of the headroom below 90 %: (0.90 - 0.01) × 0.05
        BigDecimal granted = pool.preparedQuery("SELECT o_granted FROM budget.lease('acme', $1, $2, $3, $4, $3, 1.00, 90, 0.05, 0.001, now() + interval '30 seconds')")
                .execute(Tuple.of(lease, id, window.start().atOffset(java.time.ZoneOffset.UTC), window.end().atOffset(java.time.ZoneOffset.UTC)))
                .await().indefinitely().iterator().next().getBigDecimal(0);
        assertEquals(0, new BigDecimal("0.0445").compareTo(granted));

        Map<String, Object> leased = status(id);
        assertEquals("0.01", leased.get("reserved"), "only the request in flight");
        assertEquals("0.0445", leased.get("leased"));
        assertEquals("0.9455", leased.get("remaining"), "leased headroom is not available to other replicas");

        pool.preparedQuery("SELECT budget.release_lease('acme', $1, $2)").execute(Tuple.of(lease, id)).await().indefinitely();
        Map<String, Object> released = status(id);
        assertEquals("0.01", released.get("reserved"));
        assertEquals("0", released.get("leased"));
        assertEquals("0.99", released.get("remaining"));
    }

    @Test
    void aLeaseIsGivenBackOnlyAfterTheRequestsAllowedFromItHoldOnTheirOwn() throws Exception {
        String project = "giveback-" + UUID.randomUUID();
        long id = given().auth().oauth2(infra.tokens().user("alice")).contentType(ContentType.JSON).body("""
                        {"name": "give back", "scope": {"project": "%s"}, "period": "total", "unit": "usd", "limit": "100",
                         "enforcement": "block", "allowance_leases": true}""".formatted(project))
                .when().post("/v1/budgets").then().statusCode(201).extract().jsonPath().getLong("id");
        Budget budget = budgets.find("acme", id).await().indefinitely();
        long version = budgets.version("acme").await().indefinitely();
        BigDecimal cent = new BigDecimal("0.01");
        try (OtherReplica replica = OtherReplica.start(vertx, config)) {
            // busy enough for a lease, then decided from it until a few requests were allowed in memory
            List<String> allowed = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String requestId = project + "-" + allowed.size();
                replica.decisions().decide("acme", requestId, version, List.of(budget), Map.of(id, cent), Instant.now(), null)
                        .await().indefinitely();
                allowed.add(requestId);
                return replica.allowances().allowedFromLeases() >= 5;
            });
            // a request the slice cannot cover gives the lease back: the last allowed requests are still queued for write-back
            replica.allowances().releaseFor(List.of(budget), Map.of(id, new BigDecimal("99"))).await().atMost(Duration.ofSeconds(30));
            assertEquals(0L, pool.preparedQuery("SELECT count(*) FROM budget.budget_hold WHERE budget_id = $1 AND request_id LIKE 'lease:%'")
                    .execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0), "the lease is given back");
            assertEquals(allowed.size(), pool.preparedQuery("SELECT count(*) FROM budget.budget_hold WHERE budget_id = $1 AND request_id LIKE $2")
                    .execute(Tuple.of(id, project + "-%")).await().indefinitely().iterator().next().getLong(0),
                    "by then every allowed request holds on its own");
            assertEquals(0, cent.multiply(BigDecimal.valueOf(allowed.size())).compareTo(new BigDecimal((String) status(id).get("reserved"))));
        }
    }

    private Map<String, Object> status(long id) {
        return given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/budgets/{id}/status", id)
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }
}
