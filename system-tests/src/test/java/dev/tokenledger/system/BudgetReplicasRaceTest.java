package dev.tokenledger.system;

import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.RunningServices;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What gateways are told by several budget-service replicas, compared with the ledger. Two replicas
 * run as processes from the built jar against one database; both have answered for the tenant
 * before (so each holds its list of the tenant's budgets), a blocking budget is then made through
 * the first, and hundreds of decisions race at once over both, each on a new connection. Whatever
 * the interleaving, the requests a client is told to go ahead with (allow, or warn past a threshold)
 * are exactly as many as fit the limit, and every one of them has its hold.
 */
class BudgetReplicasRaceTest {

    private static final int REQUESTS = 400;
    private static final int CALLERS = 64;
    private static final List<String> REPLICAS = List.of("budget", "budget#2");
    private static RunningServices services;

    @BeforeAll
    static void startReplicas() {
        services = RunningServices.onSharedInfrastructure();
        for (String replica : REPLICAS) {
            services.start(replica, Map.of());
        }
        services.awaitReady();
    }

    @AfterAll
    static void stopReplicas() {
        if (services != null) {
            services.close();
        }
    }

    @ParameterizedTest(name = "limit {0}, requests of {1}")
    @CsvSource({"1.00, 0.0037", "1.00, 0.0071", "0.50, 0.013", "2.00, 0.0093"})
    void allowedAnswersNeverExceedTheLimitAndEachHasAHold(String limit, String cost) throws Exception {
        String project = "race-" + UUID.randomUUID();
        String gateway = services.infra().tokens().serviceAccount("acme");
        // each replica has decided for the tenant, so each holds its list of the tenant's budgets (without this one)
        for (String replica : REPLICAS) {
            assertTrue(decide(replica, gateway, project + "-warm-" + replica, project, cost).contains("\"decision\":\"allow\""));
        }
        given().baseUri(services.url("budget")).auth().oauth2(services.infra().tokens().user("alice")).contentType(ContentType.JSON)
                .body("""
                        {"name": "race %s", "scope": {"project": "%s"}, "period": "total", "unit": "usd", "limit": "%s", "enforcement": "block"}"""
                        .formatted(project, project, limit))
                .when().post("/v1/budgets").then().statusCode(201);

        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                String replica = REPLICAS.get(i % REPLICAS.size());
                String requestId = project + "-" + i;
                // "warn" (past a threshold) lets the call go ahead too: only "deny" stops it
                answers.add(callers.submit(() -> decide(replica, gateway, requestId, project, cost).contains("\"decision\":\"deny\"") ? null : requestId));
            }
            Set<String> allowed = new HashSet<>();
            for (Future<String> f : answers) {
                String id = f.get();
                if (id != null) {
                    allowed.add(id);
                }
            }
            int fit = new BigDecimal(limit).divide(new BigDecimal(cost), 0, RoundingMode.FLOOR).intValueExact();
            assertTrue(new BigDecimal(cost).multiply(BigDecimal.valueOf(allowed.size())).compareTo(new BigDecimal(limit)) <= 0,
                    allowed.size() + " allows of " + cost + " exceed the limit " + limit);
            assertEquals(fit, allowed.size(), "every request that fits is allowed, and no more");
            assertEquals(allowed, heldRequests(allowed), "every allowed request id has a hold");
        } finally {
            callers.shutdownNow();
        }
    }

    private static Set<String> heldRequests(Set<String> requestIds) throws Exception {
        Set<String> held = new HashSet<>();
        try (var c = services.infra().jdbc();
             var st = c.prepareStatement("SELECT DISTINCT request_id FROM budget.budget_hold WHERE tenant_id = 'acme' AND request_id = ANY (?)")) {
            Array ids = c.createArrayOf("text", requestIds.toArray());
            st.setArray(1, ids);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getString(1));
                }
            }
        }
        return held;
    }

    /** One decision on a connection of its own (as a gateway that does not pool connections asks), closed after the answer. */
    private static String decide(String replica, String token, String requestId, String project, String cost) throws IOException {
        URI base = URI.create(services.url(replica));
        byte[] body = Json.write(Map.of("request_id", requestId, "provider", "openai", "model", "gpt-4o", "estimated_cost", cost,
                "attribution", Map.of("project", project))).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/decisions HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("decision " + requestId + " on " + replica + ": " + text);
            }
            return text;
        }
    }
}
