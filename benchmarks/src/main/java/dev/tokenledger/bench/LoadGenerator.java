package dev.tokenledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Realistic synthetic usage through the public ingest API, with exact expected totals, and the check
 * of every other end against them. Tenants are made on the fly by the platform operator acting for
 * each ({@code X-Tokenledger-Tenant}): an {@code ingest} API key and a lifetime USD budget on the
 * run's project each. Events mix models with cache reads and writes, reasoning, long-context and
 * batch-tier requests, unknown models and provider-reported costs; 1 % of batches are re-sent whole.
 * A batch is retried with the same event ids until it gets a 202 (503 and connection failures are
 * counted). Afterwards the report API and the budget status of every tenant must show exactly the
 * generated events and the expected cost to the last decimal, and no budget alert may exist twice.
 *
 * <pre>./tokenledger bench load [--events 1000000] [--tenants 6] [--batch 500] [--concurrency 4] [--seed 42] [--rate events/s]</pre>
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> o;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String keycloak;
    private final String ingest = "http://127.0.0.1:8081";
    private final String pricing = "http://127.0.0.1:8082";
    private final String budget = "http://127.0.0.1:8083";
    private final String report = "http://127.0.0.1:8084";
    private String operatorToken;
    private Instant operatorTokenAt = Instant.EPOCH;

    private LoadGenerator(Map<String, String> options) {
        this.o = options;
        this.keycloak = options.getOrDefault("keycloak", "http://127.0.0.1:18180");
    }

    public static void main(String[] args) throws Exception {
        System.exit(new LoadGenerator(IngestBenchmark.options(args)).run() ? 0 : 1);
    }

    boolean run() throws Exception {
        int events = Integer.parseInt(o.getOrDefault("events", "1000000"));
        int tenants = Integer.parseInt(o.getOrDefault("tenants", "6"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "500"));
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "4"));
        long seed = Long.parseLong(o.getOrDefault("seed", "42"));
        Path progress = o.containsKey("progress") ? Path.of(o.get("progress")) : null;
        String run = "load-" + seed + "-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Instant started = Instant.now();

        List<ExpectedPrices.Model> models = checkedModels(ExpectedPrices.read(Path.of(o.getOrDefault("prices",
                "pricing-service/src/main/resources/catalogue/litellm-2026-07-24T18-23-43Z.json.gz"))));
        SyntheticEvents synthetic = new SyntheticEvents(run, seed, tenants, models, started);
        SyntheticEvents.Expected expected = synthetic.expected(events);
        System.out.printf("run %s: %,d events for %d tenants; expected %s%n", run, events, tenants, expected.describe());

        List<Tenant> ts = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            String tenant = synthetic.tenant(t);
            String key = JSON.readTree(asTenant(tenant, "POST", ingest + "/v1/api-keys",
                    "{\"name\": \"" + run + "\", \"scopes\": [\"ingest\"], \"rate_limit_per_minute\": 600000}", 201)).get("key").asText();
            // half the expected spend: every threshold (50/75/90/100 %) is crossed during the run
            BigDecimal limit = expected.cost(t).divide(BigDecimal.valueOf(2)).max(new BigDecimal("0.01")).setScale(2, java.math.RoundingMode.UP);
            long budgetId = JSON.readTree(asTenant(tenant, "POST", budget + "/v1/budgets", """
                    {"name": "%s", "scope": {"project": "%s"}, "period": "total", "unit": "usd", "limit": "%s", "enforcement": "alert"}"""
                    .formatted(run, run, limit.toPlainString()), 201)).get("id").asLong();
            ts.add(new Tenant(tenant, key, budgetId));
        }

        LoadSender sender = new LoadSender(http, ingest, batch, concurrency, progress, Double.parseDouble(o.getOrDefault("rate", "0")));
        sender.send(synthetic, ts, events);
        Instant sent = Instant.now();
        System.out.printf("sent: %,d events in %,d batches (%,d re-sent as duplicates) in %d s; answers: 202 × %,d, 503 × %,d,"
                        + " other × %,d, no answer × %,d; %,d events reported as duplicates%n",
                events, sender.batches.get(), sender.resent.get(), Duration.between(started, sent).toSeconds(), sender.accepted202.get(),
                sender.unavailable503.get(), sender.other.get(), sender.failed.get(), sender.duplicatesReported.get());

        return verify(run, synthetic, expected, ts, sender, started, sent);
    }

    record Tenant(String id, String apiKey, long budgetId) {
    }

    /** Each model's prices checked against the pricing-service's quote; a disagreeing feature is dropped from the run. */
    private List<ExpectedPrices.Model> checkedModels(List<ExpectedPrices.Model> models) throws Exception {
        List<ExpectedPrices.Model> checked = new ArrayList<>();
        for (ExpectedPrices.Model m : models) {
            ExpectedPrices.Model kept = m;
            if (!agrees(m, new ExpectedPrices.Usage(1200, 300, m.cacheWrite().signum() > 0 ? 100 : 0, 450, 0, false))) {
                System.out.printf("price check: %s/%s disagrees with the quote API on plain usage: left out%n", m.provider(), m.model());
                continue;
            }
            if (m.batchInput() != null && !agrees(m, new ExpectedPrices.Usage(5000, 0, 0, 800, 0, true))) {
                System.out.printf("price check: %s/%s batch tier disagrees: sent at the standard tier only%n", m.provider(), m.model());
                kept = new ExpectedPrices.Model(m.provider(), m.model(), m.input(), m.output(), m.cacheRead(), m.cacheWrite(), null, null, m.longContext());
            }
            if (m.longContext() != null && !agrees(kept, new ExpectedPrices.Usage(230_000, 10_000, 0, 2000, 0, false))) {
                System.out.printf("price check: %s/%s long-context tier disagrees: no long requests%n", m.provider(), m.model());
                kept = new ExpectedPrices.Model(kept.provider(), kept.model(), kept.input(), kept.output(), kept.cacheRead(), kept.cacheWrite(),
                        kept.batchInput(), kept.batchOutput(), null);
            }
            checked.add(kept);
        }
        System.out.printf("price check: %d of %d models agree with the quote API%n", checked.size(), models.size());
        return checked;
    }

    private boolean agrees(ExpectedPrices.Model m, ExpectedPrices.Usage u) throws Exception {
        String body = """
                {"provider": "%s", "model": "%s", "service_tier": "%s", "usage": {"input_tokens": %d, "cache_read_tokens": %d,
                 "cache_write_tokens": %d, "output_tokens": %d}}""".formatted(m.provider(), m.model(), u.batch() ? "batch" : "standard",
                u.input(), u.cacheRead(), u.cacheWrite(), u.output());
        HttpResponse<String> r = send("POST", pricing + "/v1/quotes", operator(), null, body);
        if (r.statusCode() != 200) {
            System.out.printf("price check: quote for %s/%s answered %d %s%n", m.provider(), m.model(), r.statusCode(), r.body());
            return false;
        }
        BigDecimal quoted = new BigDecimal(JSON.readTree(r.body()).path("pricing").path("cost").path("amount").asText());
        BigDecimal mine = m.cost(u);
        if (quoted.compareTo(mine) != 0) {
            System.out.printf("price check: %s/%s %s: quote %s, expected %s%n", m.provider(), m.model(), u, quoted.toPlainString(), mine.toPlainString());
        }
        return quoted.compareTo(mine) == 0;
    }

    private boolean verify(String run, SyntheticEvents synthetic, SyntheticEvents.Expected expected, List<Tenant> ts, LoadSender sender,
                           Instant started, Instant sent) throws Exception {
        String range = "project=" + run + "&from=" + URLEncoder.encode(started.minus(Duration.ofDays(1)).toString(), StandardCharsets.UTF_8)
                + "&to=" + URLEncoder.encode(started.plus(Duration.ofDays(2)).toString(), StandardCharsets.UTF_8);
        Duration settle = Duration.ofMinutes(Long.parseLong(o.getOrDefault("settle-minutes", "20")));
        Instant deadline = Instant.now().plus(settle);
        long lost = 0;
        long duplicated = 0;
        boolean exact = false;
        List<String> lines = new ArrayList<>();
        while (true) {
            lines.clear();
            lost = 0;
            duplicated = 0;
            exact = true;
            try {
                exact = compare(range, expected, ts, lines);
            } catch (java.io.IOException | IllegalStateException e) {
                // a service is restarting or a server is down (the fault script is still at work): ask again
                System.out.println("  not answering yet: " + e);
                exact = false;
                if (Instant.now().isAfter(deadline)) {
                    break;
                }
                Thread.sleep(2000);
                continue;
            }
            for (String line : lines) {
                if (line.startsWith("lost ")) {
                    lost += Long.parseLong(line.substring(5).split(" ")[0]);
                    duplicated += Long.parseLong(line.substring(5).split(" ")[1]);
                }
            }
            lines.removeIf(line -> line.startsWith("lost "));
            if (exact || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(2000);
        }
        Instant settled = Instant.now();
        lines.forEach(System.out::println);
        Alerts alerts = alerts(ts);
        System.out.printf("settled %d s after the last 202 (%d s after the start); sustained %,.0f events/s end to end%n",
                Duration.between(sent, settled).toSeconds(), Duration.between(started, settled).toSeconds(),
                expected.total() / Math.max(1e-3, Duration.between(started, settled).toMillis() / 1000.0));
        System.out.printf("budget alerts: %d for the run's budgets, %d of them for a (budget, kind, threshold) already alerted%n",
                alerts.total(), alerts.repeated());
        boolean verdict = exact && lost == 0 && duplicated == 0 && alerts.repeated() == 0;
        System.out.printf("VERDICT %s: %,d events sent, %,d accepted once, %d lost, %d duplicated, 503 × %,d during outages, total $%s"
                        + " (expected $%s), budget alerts repeated %d%n",
                verdict ? "PASS" : "FAIL", expected.total(), expected.total() - lost, lost, duplicated, sender.unavailable503.get(),
                expected.grandTotal().toPlainString(), expected.grandTotal().toPlainString(), alerts.repeated());
        return verdict;
    }

    /** One look at every tenant's report summary and budget status; adds a line per tenant and a "lost L D" line. */
    private boolean compare(String range, SyntheticEvents.Expected expected, List<Tenant> ts, List<String> lines) throws Exception {
        boolean exact = true;
        long lost = 0;
        long duplicated = 0;
        for (int t = 0; t < ts.size(); t++) {
            Tenant tenant = ts.get(t);
            JsonNode summary = JSON.readTree(asTenant(tenant.id(), "GET", report + "/v1/reports/summary?" + range, null, 200));
            JsonNode status = JSON.readTree(asTenant(tenant.id(), "GET", budget + "/v1/budgets/" + tenant.budgetId() + "/status", null, 200));
            long calls = summary.path("calls").asLong();
            long unpriced = summary.path("unpriced_calls").asLong();
            BigDecimal total = new BigDecimal(summary.path("total").path("amount").asText("0"));
            long budgetEvents = status.path("events").asLong();
            BigDecimal spent = new BigDecimal(status.path("spent").asText("0"));
            long want = expected.events(t);
            lost += Math.max(0, want - calls);
            duplicated += Math.max(0, calls - want);
            boolean ok = calls == want && unpriced == expected.unpriced(t) && total.compareTo(expected.cost(t)) == 0
                    && budgetEvents == want && spent.compareTo(expected.cost(t)) == 0;
            exact &= ok;
            lines.add(String.format("  %s: report %,d calls (%,d unpriced) $%s; budget %,d events $%s; expected %,d (%,d unpriced) $%s %s",
                    tenant.id(), calls, unpriced, total.toPlainString(), budgetEvents, spent.toPlainString(), want, expected.unpriced(t),
                    expected.cost(t).toPlainString(), ok ? "✓" : "✗"));
        }
        lines.add("lost " + lost + " " + duplicated);
        return exact;
    }

    record Alerts(long total, long repeated) {
    }

    /** The notifier's stored alerts for the run's budgets: every (budget, kind, threshold) at most once. */
    private Alerts alerts(List<Tenant> ts) throws Exception {
        Map<String, String> env = ReportStoreBenchmark.env(Path.of(o.getOrDefault("env", ".tokenledger/stack/infra.env")));
        String url = env.getOrDefault("JDBC_URL", "jdbc:postgresql://127.0.0.1:55432/tokenledger");
        String tenants = String.join("','", ts.stream().map(Tenant::id).toList());
        try (Connection c = DriverManager.getConnection(url, env.getOrDefault("DB_USER", "tokenledger"), env.getOrDefault("DB_PASSWORD", "tokenledger"));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), count(*) - count(DISTINCT (tenant_id, payload->>'budget_id', kind,"
                     + " coalesce(payload->>'threshold_percent', ''))) FROM notifier.alert WHERE source_topic LIKE 'budget.events%'"
                     + " AND tenant_id IN ('" + tenants + "') AND kind <> 'period_reset'")) {
            r.next();
            return new Alerts(r.getLong(1), r.getLong(2));
        }
    }

    /** A call by the platform operator acting as the tenant's admin. */
    private String asTenant(String tenant, String method, String url, String body, int expectedStatus) throws Exception {
        HttpResponse<String> r = send(method, url, operator(), tenant, body);
        if (r.statusCode() != expectedStatus) {
            throw new IllegalStateException(method + " " + url + " for " + tenant + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private HttpResponse<String> send(String method, String url, String token, String tenant, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
        if (tenant != null) {
            b.header("X-Tokenledger-Tenant", tenant);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The platform operator's token, fetched again before it expires (a long run outlives one). */
    private synchronized String operator() throws Exception {
        if (Duration.between(operatorTokenAt, Instant.now()).toMinutes() >= 10) {
            operatorToken = IngestBenchmark.userToken(http, keycloak, "olga");
            operatorTokenAt = Instant.now();
        }
        return operatorToken;
    }
}
