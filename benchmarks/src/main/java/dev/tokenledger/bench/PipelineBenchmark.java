package dev.tokenledger.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline end to end on the running stack: usage in through the public ingest API (real
 * service-account token), priced, stored in the report store and counted in a budget. Sustained
 * events/s = N events ÷ the time until the report API and the budget status both show all N.
 * Freshness: meanwhile, one marker event at a time (its own project and budget), timed from its 202
 * until the report API and the budget status show it; p50/p99 over the markers.
 *
 * <pre>./tokenledger bench pipeline [--events 200000] [--batch 1000] [--concurrency 4] [--rate 0 (events/s offered; 0 = unpaced)]
 *     [--tenant acme|globex]</pre>
 */
public final class PipelineBenchmark {

    private static final Pattern CALLS = Pattern.compile("\"calls\":(\\d+)");
    private static final Pattern EVENTS = Pattern.compile("\"events\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    public static void main(String[] args) throws Exception {
        var o = IngestBenchmark.options(args);
        String keycloak = o.getOrDefault("keycloak", "http://127.0.0.1:18180");
        String ingest = "http://127.0.0.1:8081";
        String budget = "http://127.0.0.1:8083";
        String report = "http://127.0.0.1:8084";
        int events = Integer.parseInt(o.getOrDefault("events", "200000"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "1000"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "4"));
        // --rate N: batches paced to N events/s offered (0: as fast as ingest accepts), to find the load the
        // pipeline sustains with fresh results rather than the backlog a burst leaves
        int rate = Integer.parseInt(o.getOrDefault("rate", "0"));
        String run = "pipe-" + UUID.randomUUID().toString().substring(0, 8);
        String markers = run + "-marker";

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // --tenant globex: the tenant with thousands of budgets (left by the decision benchmark), which counting must not re-read per batch
        String tenant = o.getOrDefault("tenant", "acme");
        String writer = IngestBenchmark.token(http, keycloak, tenant);
        String admin = IngestBenchmark.userToken(http, keycloak, tenant.equals("globex") ? "carol" : "alice");
        long bulkBudget = createBudget(http, budget, admin, run);
        long markerBudget = createBudget(http, budget, admin, markers);
        Instant started = Instant.now();
        // whole UTC days, as a dashboard's "today" asks: answered from the daily rollup, which the store updates in the
        // same transaction as the events. A period starting mid-hour would also scan that hour's raw events of the
        // tenant, 50 times a second from the probe: that cost 0.7 of the 2 cores and measured the probe, not the pipeline.
        Instant today = started.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        String range = "from=" + today + "&to=" + today.plus(Duration.ofDays(2));

        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency + 1);
        List<Long> reportFresh = new ArrayList<>();
        List<Long> budgetFresh = new ArrayList<>();
        Future<?> probe = pool.submit(() -> {
            int k = 0;
            while (sending.get() || k < 5) {
                k++;
                post(http, ingest + "/v1/usage-events", writer, body(markers + "-", k, 1, markers));
                long t0 = System.nanoTime();
                boolean inReport = false;
                boolean inBudget = false;
                while (!inReport || !inBudget) {
                    if (!inReport && count(get(http, report + "/v1/reports/summary?project=" + markers + "&" + range, admin), CALLS) >= k) {
                        inReport = true;
                        reportFresh.add(System.nanoTime() - t0);
                    }
                    if (!inBudget && count(get(http, budget + "/v1/budgets/" + markerBudget + "/status", admin), EVENTS) >= k) {
                        inBudget = true;
                        budgetFresh.add(System.nanoTime() - t0);
                    }
                    Thread.sleep(20);
                }
            }
            return null;
        });

        Map<String, Long> cpuBefore = StackCpu.sample();
        long t0 = System.nanoTime();
        AtomicLong next = new AtomicLong();
        List<Future<?>> senders = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            senders.add(pool.submit(() -> {
                long first;
                while ((first = next.getAndAdd(batch)) < events) {
                    int n = (int) Math.min(batch, events - first);
                    if (rate > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(t0 + first * 1_000_000_000L / rate - System.nanoTime());
                    }
                    HttpResponse<String> r = post(http, ingest + "/v1/usage-events", writer, body(run + "-", first, n, run));
                    if (r.statusCode() != 202) {
                        throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : senders) {
            f.get();
        }
        double sent = (System.nanoTime() - t0) / 1e9;
        double inReport = -1;
        double inBudget = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while ((inReport < 0 || inBudget < 0) && System.nanoTime() < deadline) {
            if (inReport < 0 && count(get(http, report + "/v1/reports/summary?project=" + run + "&" + range, admin), CALLS) >= events) {
                inReport = (System.nanoTime() - t0) / 1e9;
            }
            if (inBudget < 0 && count(get(http, budget + "/v1/budgets/" + bulkBudget + "/status", admin), EVENTS) >= events) {
                inBudget = (System.nanoTime() - t0) / 1e9;
            }
            Thread.sleep(200);
        }
        Map<String, Long> cpuAfter = StackCpu.sample();
        double measured = (System.nanoTime() - t0) / 1e9;
        sending.set(false);
        probe.get();
        pool.shutdown();
        double done = Math.max(inReport, inBudget);
        System.out.printf("pipeline: %,d events %saccepted by ingest in %.1f s (%,.0f/s); all in the report API after %.1f s, all counted in the"
                        + " budget after %.1f s: %,.0f events/s end to end%n", events, rate > 0 ? "offered at " + rate + "/s, " : "", sent,
                events / sent, inReport, inBudget, events / done);
        System.out.printf("freshness over %d markers sent during the load (202 → visible): report p50 %.0f ms p99 %.0f ms;"
                        + " budget status p50 %.0f ms p99 %.0f ms%n", reportFresh.size(), pct(reportFresh, 0.5), pct(reportFresh, 0.99),
                pct(budgetFresh, 0.5), pct(budgetFresh, 0.99));
        StackCpu.print(cpuBefore, cpuAfter, events, measured);
    }

    private static long createBudget(HttpClient http, String budget, String admin, String project) throws Exception {
        String body = "{\"name\":\"" + project + "\",\"scope\":{\"project\":\"" + project + "\"},\"period\":\"total\",\"time_zone\":\"UTC\","
                + "\"unit\":\"requests\",\"limit\":\"1000000000\",\"enforcement\":\"alert\"}";
        HttpResponse<String> r = post(http, budget + "/v1/budgets", admin, body);
        Matcher m = ID.matcher(r.body());
        if (r.statusCode() != 201 && r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("budget not created: " + r.statusCode() + " " + r.body());
        }
        return Long.parseLong(m.group(1));
    }

    static String body(String prefix, long first, int n, String project) {
        StringBuilder sb = new StringBuilder(n * 260).append('[');
        for (int i = 0; i < n; i++) {
            long e = first + i;
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"event_id\":\"").append(prefix).append(e).append("\",\"provider\":\"openai\",\"model\":\"")
                    .append(e % 2 == 0 ? "gpt-4o" : "gpt-4o-mini").append("\",\"usage\":{\"input_tokens\":").append(500 + e % 4000)
                    .append(",\"cache_read_tokens\":").append(e % 3 == 0 ? 1024 : 0).append(",\"output_tokens\":").append(50 + e % 700)
                    .append("},\"attribution\":{\"project\":\"").append(project).append("\",\"feature\":\"f").append(e % 5)
                    .append("\",\"user\":\"u").append(e % 200).append("\"}}");
        }
        return sb.append(']').toString();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(HttpClient http, String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long count(String json, Pattern field) {
        Matcher m = field.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static double pct(List<Long> nanos, double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return IngestBenchmark.percentile(sorted, p) / 1e6;
    }
}
