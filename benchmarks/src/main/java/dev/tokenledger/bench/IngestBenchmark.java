package dev.tokenledger.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sustained accepted events/s and request latency of {@code POST /v1/usage-events} on a running
 * stack, for one batch size. Every event has a fresh id, so every one is published to Kafka and
 * recorded. Prints one line of figures.
 *
 * <pre>java -cp benchmarks/target/classes dev.tokenledger.bench.IngestBenchmark --batch 1000 --seconds 30</pre>
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String ingest = o.getOrDefault("url", "http://127.0.0.1:8081");
        String keycloak = o.getOrDefault("keycloak", "http://127.0.0.1:18180");
        String tenant = o.getOrDefault("tenant", "acme");
        int batch = Integer.parseInt(o.getOrDefault("batch", "1000"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "4"));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = token(http, keycloak, tenant);
        String run = UUID.randomUUID().toString().substring(0, 8);

        System.out.printf("ingest benchmark: batch=%d concurrency=%d warmup=%ds measure=%ds url=%s%n", batch, concurrency, warmup, seconds, ingest);
        phase(http, ingest, token, run + "w", batch, concurrency, warmup, false);
        phase(http, ingest, token, run + "m", batch, concurrency, seconds, true);
    }

    private static void phase(HttpClient http, String ingest, String token, String run, int batch, int concurrency,
                              int seconds, boolean report) throws Exception {
        AtomicLong shown = new AtomicLong();
        SustainedSenders.Result r = SustainedSenders.run(concurrency, seconds, (sender, n) -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ingest + "/v1/usage-events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body(run + "-" + sender + "-", n * batch, batch))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                return batch;
            }
            if (shown.incrementAndGet() <= 3) {
                System.err.println("status " + response.statusCode() + ": " + response.body());
            }
            return -1;
        });
        if (report) {
            System.out.printf("batch=%d events/s=%.0f requests=%d failed=%d %s elapsed=%.1fs%n", batch, r.perSecond(), r.latencies().length,
                    r.refused(), r.latencyFigures(), r.seconds());
        }
    }

    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "claude-haiku-4-5"};
    private static final String[] PROJECTS = {"checkout", "support-bot", "search", "analytics"};

    static String body(String prefix, long first, int batch) {
        StringBuilder sb = new StringBuilder(batch * 280).append('[');
        for (int i = 0; i < batch; i++) {
            long n = first + i;
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"event_id\":\"").append(prefix).append(n)
                    .append("\",\"provider\":\"").append(n % 2 == 0 ? "openai" : "anthropic")
                    .append("\",\"model\":\"").append(MODELS[(int) (n % MODELS.length)])
                    .append("\",\"operation\":\"chat\",\"latency_ms\":").append(200 + n % 900)
                    .append(",\"usage\":{\"input_tokens\":").append(500 + n % 4000)
                    .append(",\"cache_read_tokens\":").append(n % 3 == 0 ? 1024 : 0)
                    .append(",\"output_tokens\":").append(50 + n % 700)
                    .append("},\"attribution\":{\"project\":\"").append(PROJECTS[(int) (n % PROJECTS.length)])
                    .append("\",\"customer\":\"cust-").append(n % 97)
                    .append("\",\"session\":\"s-").append(n / 20).append("\"}}");
        }
        return sb.append(']').toString();
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** A demo tenant's service-account token. */
    static String token(HttpClient http, String keycloak, String tenant) throws Exception {
        return tokenFor(http, keycloak, "grant_type=client_credentials&client_id=" + URLEncoder.encode(tenant + "-ingest", StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(tenant + "-demo-secret", StandardCharsets.UTF_8));
    }

    /** A demo user's token (password grant, client tokenledger-cli). */
    static String userToken(HttpClient http, String keycloak, String user) throws Exception {
        return tokenFor(http, keycloak, "grant_type=password&client_id=tokenledger-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=demo-password");
    }

    private static String tokenFor(HttpClient http, String keycloak, String form) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(keycloak + "/realms/tokenledger/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("no token from Keycloak: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value: " + Arrays.toString(args));
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }
}
