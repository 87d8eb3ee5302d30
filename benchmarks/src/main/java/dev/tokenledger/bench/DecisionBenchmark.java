package dev.tokenledger.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Budget decisions on a running stack: {@code --callers} threads (default 50) each ask
 * {@code POST /v1/decisions} at a fixed pace so that together they offer {@code --rate} decisions/s
 * (0 = as fast as they can), for {@code --seconds}. Each caller's requests fall under a budget of
 * its own project and, with {@code --shared true} (default), under one budget all callers share
 * (all block, limits far away), with token
 * estimates priced through the pricing quote (cached after the first). Prints decisions/s and
 * latency percentiles.
 *
 * Budgets opt in to allowance leases unless {@code --leases false}.
 *
 * <pre>./tokenledger bench decisions [--rate 2000] [--callers 50] [--seconds 20] [--leases true|false] [--new-connection true]</pre>
 */
public final class DecisionBenchmark {

    /** Answers slower than this are placed in the run's 100-ms windows ({@code --slow-ms}, default 5). */
    private static long slowNanos = 5_000_000L;
    private static boolean newConnection;

    private record CallerResult(long errors, long[] latencies, long[] slowAt) {
    }

    public static void main(String[] args) throws Exception {
        var o = IngestBenchmark.options(args);
        String budgetUrl = o.getOrDefault("url", "http://127.0.0.1:8083");
        String keycloak = o.getOrDefault("keycloak", "http://127.0.0.1:18180");
        int callers = Integer.parseInt(o.getOrDefault("callers", "50"));
        int rate = Integer.parseInt(o.getOrDefault("rate", "2000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        slowNanos = Long.parseLong(o.getOrDefault("slow-ms", "5")) * 1_000_000L;
        String tenant = o.getOrDefault("tenant", "acme");
        boolean shared = Boolean.parseBoolean(o.getOrDefault("shared", "true"));
        // --leases false: the budgets are decided exactly, every decision under the budget's row lock in PostgreSQL
        boolean leases = Boolean.parseBoolean(o.getOrDefault("leases", "true"));
        // --new-connection true: every decision on a connection of its own, opened before and closed after it
        // (as a gateway that does not pool connections asks); the latency includes the TCP connect
        newConnection = Boolean.parseBoolean(o.getOrDefault("new-connection", "false"));
        // --floor true: the same callers and pacing against the service's liveness probe (no
        // credential, no database): what HTTP alone costs on this machine, the floor under any decision.
        // The probe answers on the management port (--management-url, the API port + 1000 locally).
        boolean floor = Boolean.parseBoolean(o.getOrDefault("floor", "false"));
        String managementUrl = o.getOrDefault("management-url", "http://127.0.0.1:9083");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String admin = IngestBenchmark.userToken(http, keycloak, tenant.equals("globex") ? "carol" : "alice");
        // --credential api-key: the gateway authenticates with a gateway-scoped API key (as SDKs do)
        // instead of a Keycloak access token
        boolean apiKey = "api-key".equals(o.getOrDefault("credential", "token"));
        String gateway = apiKey ? gatewayKey(http, o.getOrDefault("ingest-url", "http://127.0.0.1:8081"), admin)
                : IngestBenchmark.token(http, keycloak, tenant);
        String run = "db-" + UUID.randomUUID().toString().substring(0, 8);

        if (shared) {
            // one budget every request falls under: all decisions of the tenant serialise on its lock
            post(http, budgetUrl + "/v1/budgets", admin, "{\"name\":\"" + run + " shared\",\"scope\":{\"tag:bench\":\"" + run + "\"},"
                    + "\"period\":\"month\",\"unit\":\"usd\",\"limit\":\"1000000000\",\"enforcement\":\"block\",\"allowance_leases\":" + leases + "}");
        }
        for (int c = 0; c < callers; c++) {
            post(http, budgetUrl + "/v1/budgets", admin, "{\"name\":\"" + run + " " + c + "\",\"scope\":{\"project\":\"" + run + "-" + c
                    + "\"},\"period\":\"day\",\"time_zone\":\"Europe/Berlin\",\"unit\":\"usd\",\"limit\":\"1000000000\",\"enforcement\":\"block\",\"allowance_leases\":" + leases + "}");
        }
        System.out.printf("decision benchmark: %d callers, %s, offered %s, %ds after %ds warm-up, %s, credential %s, %s, %s%n", callers,
                shared ? "one budget shared by all callers + one per caller" : "one budget per caller",
                rate == 0 ? "as fast as possible" : rate + " decisions/s", seconds, warmup, budgetUrl, apiKey ? "API key" : "access token",
                leases ? "budgets with allowance leases" : "exact budgets", newConnection ? "a new connection per decision" : "keep-alive connections");
        if (floor) {
            System.out.println("floor: GET /q/health/live instead of POST /v1/decisions");
        }
        run(floor ? managementUrl : budgetUrl, gateway, run, callers, rate, warmup, seconds, floor);
    }

    /**
     * The warm-up and the measured seconds on the same callers and connections: answers to requests
     * sent in the warm-up are not counted (a second set of fresh connections measured its own
     * start-up in the first 300 ms).
     */
    private static void run(String url, String token, String run, int callers, int rate, int warmup, int seconds,
                            boolean floor) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long start = System.nanoTime();
        long measureFrom = start + warmup * 1_000_000_000L;
        java.time.Instant measuredFromWallClock = java.time.Instant.now().plusSeconds(warmup);
        long end = measureFrom + seconds * 1_000_000_000L;
        long interval = rate == 0 ? 0 : 1_000_000_000L * callers / rate;
        List<Future<CallerResult>> results = new ArrayList<>();
        // callers that are done wait for the others before packing up their figures: that work, and
        // the main thread's, used to slow the last answers of the callers still sending
        java.util.concurrent.CountDownLatch allDone = new java.util.concurrent.CountDownLatch(callers);
        for (int c = 0; c < callers; c++) {
            int caller = c;
            results.add(pool.submit(() -> {
                KeepAliveHttp conn = new KeepAliveHttp(url);
                List<Long> lat = new ArrayList<>();
                List<Long> slowAt = new ArrayList<>();
                long errors = 0;
                long next = start + (interval * caller) / callers;
                int n = 0;
                while (System.nanoTime() < end) {
                    if (interval > 0) {
                        LockSupport.parkNanos(next - System.nanoTime());
                        next += interval;
                    }
                    String body = "{\"request_id\":\"" + run + "-" + caller + "-" + (n++) + "-" + System.nanoTime() + "\",\"provider\":\"openai\","
                            + "\"model\":\"gpt-4o\",\"estimated_input_tokens\":2000,\"max_output_tokens\":500,\"hold_seconds\":30,"
                            + "\"attribution\":{\"project\":\"" + run + "-" + caller + "\",\"tags\":{\"bench\":\"" + run + "\"}}}";
                    long t0 = System.nanoTime();
                    KeepAliveHttp.Answer r = floor ? conn.get("/q/health/live") : conn.post("/v1/decisions", token, body);
                    long took = System.nanoTime() - t0;
                    if (newConnection) {
                        conn.close();
                    }
                    if (t0 < measureFrom) {
                        continue;
                    }
                    // a warning lets the call go ahead as an allow does (a tenant's warn-only budget past its limit)
                    if (r.status() == 200 && (floor || r.body().contains("\"decision\":\"allow\"") || r.body().contains("\"decision\":\"warn\""))) {
                        lat.add(took);
                        if (took > slowNanos) {
                            slowAt.add(t0 - measureFrom);
                        }
                    } else {
                        errors++;
                    }
                }
                allDone.countDown();
                allDone.await();
                conn.close();
                return new CallerResult(errors, lat.stream().mapToLong(Long::longValue).toArray(), slowAt.stream().mapToLong(Long::longValue).toArray());
            }));
        }
        List<Long> all = new ArrayList<>();
        long errors = 0;
        // slow answers per 100 ms of the run: a few crowded windows are stalls (a pause, a burst of
        // other work); slow answers spread evenly are the decision itself
        java.util.TreeMap<Long, Integer> slowWindows = new java.util.TreeMap<>();
        for (Future<CallerResult> f : results) {
            CallerResult r = f.get();
            errors += r.errors();
            for (long l : r.latencies()) {
                all.add(l);
            }
            for (long at : r.slowAt()) {
                slowWindows.merge(at / 100_000_000L, 1, Integer::sum);
            }
        }
        pool.shutdown();
        double took = (System.nanoTime() - measureFrom) / 1e9;
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("decisions: %,.0f allowed/s (allow or warn; %,d in %.1f s), denied or failed %d | latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                all.size() / took, all.size(), took, errors, IngestBenchmark.percentile(sorted, 0.5) / 1e6,
                IngestBenchmark.percentile(sorted, 0.9) / 1e6, IngestBenchmark.percentile(sorted, 0.99) / 1e6,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        int slow = slowWindows.values().stream().mapToInt(Integer::intValue).sum();
        String crowded = slowWindows.entrySet().stream().sorted(java.util.Map.Entry.<Long, Integer>comparingByValue().reversed()).limit(8)
                .map(e -> String.format("%.1fs:%d", e.getKey() / 10.0, e.getValue())).collect(java.util.stream.Collectors.joining(" "));
        System.out.printf("answers over %d ms: %d, in %d of %d 100-ms windows; most crowded (seconds after %s): %s%n", slowNanos / 1_000_000,
                slow, slowWindows.size(), (int) Math.ceil(took * 10), measuredFromWallClock, crowded);
    }

    private static String gatewayKey(HttpClient http, String ingestUrl, String admin) throws Exception {
        return mintKey(http, ingestUrl, admin, "decision benchmark", "\"gateway\"");
    }

    /** A benchmark's own API key with {@code scopes} (a JSON list's items), minted through the ingest-service. */
    static String mintKey(HttpClient http, String ingestUrl, String admin, String name, String scopes) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/api-keys")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"" + name + "\", \"scopes\": [" + scopes + "], \"rate_limit_per_minute\": 600000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("minting a gateway API key answered " + r.statusCode() + ": " + r.body());
        }
        return com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(r.body()).get("key").asText();
    }

    private static void post(HttpClient http, String url, String token, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
