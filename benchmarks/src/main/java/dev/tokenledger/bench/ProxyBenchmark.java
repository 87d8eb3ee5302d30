package dev.tokenledger.bench;

import dev.tokenledger.testinfra.ProviderStandIn;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the proxy adds: the same OpenAI chat request sent at a fixed rate, alternately straight to
 * the provider stand-in and through {@code /proxy/openai} of the running stack (its ingest-service
 * pointed at that stand-in, budget check on, the call recorded through the whole pipeline), side by
 * side in one run. The calls are a {@code --tenant}'s (default globex), under a blocking budget of the
 * run's project with allowance leases, as a gateway's budgets are set up. Plain calls are timed to their last byte, streamed calls to their first body
 * byte. Prints p50, p90, p99 of both and the difference.
 *
 * <pre>./tokenledger bench proxy [--rates 500,1000] [--seconds 20] [--warmup 5]</pre>
 */
public final class ProxyBenchmark {

    private static final String BODY = "{\"model\":\"gpt-4.1\",\"max_completion_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Say hello in one word.\"}]}";
    private static final String STREAM_BODY = BODY.replace("{\"model\"", "{\"stream\":true,\"model\"");

    public static void main(String[] args) throws Exception {
        var o = IngestBenchmark.options(args);
        String ingest = o.getOrDefault("ingest-url", "http://127.0.0.1:8081");
        String keycloak = o.getOrDefault("keycloak", "http://127.0.0.1:18180");
        int port = Integer.parseInt(o.getOrDefault("stand-in-port", "18099"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int[] rates = Arrays.stream(o.getOrDefault("rates", "500,1000").split(",")).mapToInt(Integer::parseInt).toArray();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String tenant = o.getOrDefault("tenant", "globex");
        String admin = IngestBenchmark.userToken(http, keycloak, tenant.equals("globex") ? "carol" : "alice");
        String key = DecisionBenchmark.mintKey(http, ingest, admin, "proxy benchmark", "\"ingest\", \"gateway\"");
        String project = "proxy-bench-" + UUID.randomUUID().toString().substring(0, 8);
        String budgetUrl = o.getOrDefault("budget-url", "http://127.0.0.1:8083");
        HttpResponse<String> budget = http.send(HttpRequest.newBuilder(URI.create(budgetUrl + "/v1/budgets")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + project + "\",\"scope\":"
                        + "{\"project\":\"" + project + "\"},\"period\":\"month\",\"unit\":\"usd\",\"limit\":\"1000000\",\"enforcement\":\"block\","
                        + "\"allowance_leases\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        if (budget.statusCode() != 201) {
            throw new IllegalStateException("the benchmark's budget was refused: " + budget.statusCode() + " " + budget.body());
        }
        try (ProviderStandIn provider = ProviderStandIn.start(port, 32)) {
            String direct = provider.url() + "/v1/chat/completions";
            String proxied = ingest + "/proxy/openai/v1/chat/completions";
            System.out.printf("proxy benchmark: OpenAI chat, direct %s vs proxied %s (tenant %s, budget check on, recorded), %ds per rate after %ds warm-up%n",
                    direct, proxied, tenant, seconds, warmup);
            System.out.printf("%-8s %6s %9s | %8s %8s %8s | %8s %8s %8s | %8s %8s | %s%n", "mode", "rate", "sent", "dir p50", "dir p90", "dir p99",
                    "prx p50", "prx p90", "prx p99", "+p50", "+p99", "errors");
            for (boolean stream : new boolean[] {false, true}) {
                for (int rate : rates) {
                    run(http, direct, proxied, key, project, stream, rate, warmup, false);
                    run(http, direct, proxied, key, project, stream, rate, seconds, true);
                }
            }
        }
    }

    private static void run(HttpClient http, String direct, String proxied, String key, String project, boolean stream, int rate, int seconds,
                            boolean print) throws Exception {
        int n = rate * seconds;
        long[] directNanos = new long[(n + 1) / 2];
        long[] proxiedNanos = new long[n / 2];
        List<CompletableFuture<Void>> pending = new ArrayList<>(n);
        int[] errors = new int[1];
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean viaProxy = i % 2 == 1;
            int slot = i / 2;
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(viaProxy ? proxied : direct)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer sk-bench-provider-key").POST(HttpRequest.BodyPublishers.ofString(stream ? STREAM_BODY : BODY));
            if (viaProxy) {
                b.header("X-Tokenledger-Key", key).header("X-Tokenledger-Project", project);
            }
            long sent = System.nanoTime();
            FirstByte timing = new FirstByte(sent);
            pending.add(http.sendAsync(b.build(), info -> HttpResponse.BodySubscribers.fromSubscriber(timing)).thenAccept(r -> {
                long took = (stream ? timing.first : timing.last) - sent;
                if (r.statusCode() != 200) {
                    synchronized (errors) {
                        errors[0]++;
                    }
                }
                (viaProxy ? proxiedNanos : directNanos)[slot] = took;
            }).exceptionally(e -> {
                synchronized (errors) {
                    errors[0]++;
                }
                return null;
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        if (!print) {
            return;
        }
        Arrays.sort(directNanos);
        Arrays.sort(proxiedNanos);
        System.out.printf("%-8s %6d %9d | %8s %8s %8s | %8s %8s %8s | %8s %8s | %d%n", stream ? "stream" : "plain", rate, n,
                ms(p(directNanos, 50)), ms(p(directNanos, 90)), ms(p(directNanos, 99)),
                ms(p(proxiedNanos, 50)), ms(p(proxiedNanos, 90)), ms(p(proxiedNanos, 99)),
                ms(p(proxiedNanos, 50) - p(directNanos, 50)), ms(p(proxiedNanos, 99) - p(directNanos, 99)), errors[0]);
    }

    /** Notes when the first and the last piece of a body arrive. */
    private static final class FirstByte implements Flow.Subscriber<List<ByteBuffer>> {
        volatile long first;
        volatile long last;

        FirstByte(long sent) {
            this.first = 0;
            this.last = sent;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            long now = System.nanoTime();
            if (first == 0) {
                first = now;
            }
            last = now;
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
            last = System.nanoTime();
        }
    }

    private static long p(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)];
    }

    private static String ms(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }
}
