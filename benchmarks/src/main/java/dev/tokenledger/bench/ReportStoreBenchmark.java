package dev.tokenledger.bench;

import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The report store on a running stack: N priced events (realistic attribution, spread over the
 * last 30 days) written to {@code usage.priced}, timed until the report-service has stored them all
 * (rollups included); then bytes per stored event (heap, indexes and TOAST of every partition)
 * and the latency of the report API at that size.
 *
 * <pre>./tokenledger bench report [--events 1000000] [--tenant globex --user dave]</pre>
 */
public final class ReportStoreBenchmark {

    public static void main(String[] args) throws Exception {
        var o = IngestBenchmark.options(args);
        Map<String, String> env = env(Path.of(o.getOrDefault("env", ".tokenledger/stack/infra.env")));
        String bootstrap = o.getOrDefault("kafka", env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"));
        String keycloak = o.getOrDefault("keycloak", env.getOrDefault("KEYCLOAK_URL", "http://127.0.0.1:18180"));
        String report = o.getOrDefault("report", "http://127.0.0.1:8084");
        int events = Integer.parseInt(o.getOrDefault("events", "1000000"));
        String tenant = o.getOrDefault("tenant", "globex");
        String user = o.getOrDefault("user", "dave");
        String run = "rs-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();

        try (Connection db = DriverManager.getConnection(env.get("JDBC_URL"), env.get("DB_USER"), env.get("DB_PASSWORD"))) {
            long before = calls(db, tenant);
            SyntheticUsage gen = new SyntheticUsage(11, tenant, run);
            SplittableRandom random = new SplittableRandom(13);
            long t0 = System.nanoTime();
            try (KafkaProducer<String, String> producer = PricingStreamBenchmark.producer(bootstrap)) {
                for (int i = 0; i < events; i++) {
                    Instant at = now.minusSeconds(random.nextLong(30L * 86_400));
                    UsageRecorded u = gen.next(at);
                    Pricing pricing = Pricing.priced(Money.usd(BigDecimal.valueOf(random.nextLong(1, 50_000_000_000L), 12).toPlainString()),
                            "1", "1", at);
                    producer.send(new ProducerRecord<>("usage.priced", tenant, Json.write(UsagePriced.of(u, pricing))));
                }
                producer.flush();
            }
            double produced = (System.nanoTime() - t0) / 1e9;
            long stored = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (stored < events && System.nanoTime() < deadline) {
                Thread.sleep(500);
                stored = calls(db, tenant) - before;
            }
            double total = (System.nanoTime() - t0) / 1e9;
            System.out.printf("report store: %,d priced events written to usage.priced in %.1f s; %,d stored with rollups after %.1f s: %,.0f events/s%n",
                    events, produced, stored, total, stored / total);

            long rows;
            try (ResultSet rs = db.createStatement().executeQuery("""
                    SELECT (SELECT count(*) FROM report.usage_event),
                           (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('report.usage_event')),
                           (SELECT sum(pg_relation_size(relid)) FROM pg_partition_tree('report.usage_event')),
                           (SELECT sum(pg_indexes_size(relid)) FROM pg_partition_tree('report.usage_event'))""")) {
                rs.next();
                rows = rs.getLong(1);
                System.out.printf("storage: %,d raw events, %.0f bytes/event (heap %.0f, indexes %.0f)%n", rows, rs.getLong(2) / (double) rows,
                        rs.getLong(3) / (double) rows, rs.getLong(4) / (double) rows);
            }
            // every rollup's size per stored event: what it adds to the raw event's bytes
            for (String table : List.of("rollup_hour", "rollup_day", "rollup_tenant_hour", "rollup_dim_day", "session_rollup", "dim_value")) {
                try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*), pg_total_relation_size('report." + table
                        + "') FROM report." + table)) {
                    rs.next();
                    System.out.printf("  %-20s %,11d rows %,7d MB %6.1f bytes/event%n", table, rs.getLong(1), rs.getLong(2) >> 20,
                            rs.getLong(2) / (double) rows);
                }
            }
        }

        HttpClient http = HttpClient.newHttpClient();
        String token = IngestBenchmark.userToken(http, keycloak, user);
        for (String q : List.of("summary?period=this_month", "summary?period=last_30_days", "breakdown?by=project&period=last_30_days",
                "breakdown?by=feature,model&period=last_30_days", "timeseries?granularity=day&period=last_30_days",
                "summary?period=last_30_days&user=user-7", "summary?period=last_30_days&customer=customer-7",
                "summary?period=last_30_days&session=session-7", "breakdown?by=user&period=last_30_days&top=10",
                "breakdown?by=customer&period=last_30_days&top=10", "breakdown?by=session&period=last_30_days&top=10",
                "breakdown?by=user&period=this_month&top=5", "patterns?period=last_30_days", "sessions?period=last_7_days&top=10",
                "summary?from=" + now.minus(Duration.ofDays(3)).plusSeconds(1234) + "&to=" + now.minusSeconds(777))) {
            long[] ms = new long[30];
            for (int i = -3; i < ms.length; i++) {
                long s = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(report + "/v1/reports/" + q))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(q + " answered " + r.statusCode() + ": " + r.body());
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - s) / 1_000;
                }
            }
            Arrays.sort(ms);
            System.out.printf("GET /v1/reports/%-70s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms%n", q, IngestBenchmark.percentile(ms, 0.5) / 1000.0,
                    IngestBenchmark.percentile(ms, 0.95) / 1000.0, IngestBenchmark.percentile(ms, 0.99) / 1000.0);
        }
    }

    private static long calls(Connection db, String tenant) throws Exception {
        try (var st = db.prepareStatement("SELECT coalesce(sum(calls), 0) FROM report.rollup_hour h JOIN report.tenant t ON t.id = h.tenant_id"
                + " WHERE t.name = ?")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Map<String, String> env(Path file) throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
