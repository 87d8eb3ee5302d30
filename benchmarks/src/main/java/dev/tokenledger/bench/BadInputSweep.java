package dev.tokenledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.common.json.Json;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Bad-input sweep of every public endpoint of the running stack, read from each service's OpenAPI
 * document (so a new endpoint is swept without editing this file): hostile path and query values,
 * a corpus of hostile bodies (huge and negative numbers, deep JSON, invalid UTF-8, a 10 MB body,
 * wrong types, SQL and script text) and seeded random mutations of a valid body per endpoint
 * ({@code fuzz-seeds.json}). Requests carry the platform operator's token, acting as admin of a
 * throwaway tenant of the sweep's own, so they reach validation and leave the demo tenants alone. Counts answers by status; any 5xx fails the run.
 * Also counts the rows of the tables that only the API writes, before and after: requests that were
 * refused must not have changed them.
 *
 * <pre>./tokenledger bench fuzz [--mutations 40] [--seed 1]</pre>
 */
public final class BadInputSweep {

    static final Map<String, Integer> SERVICES = Map.of("ingest", 8081, "pricing", 8082, "budget", 8083, "report", 8084, "notifier", 8085);
    static final List<String> HOSTILE_STRINGS = List.of("", " ", "' OR '1'='1", "'; DROP TABLE budget.budget; --", "<script>alert(1)</script>",
            "../../../../etc/passwd", "%00", "\u0000", "\uFFFF\uFFFE", "🧨💸", "a".repeat(10_000), "${jndi:ldap://x/a}", "{{7*7}}",
            "-1", "0", "1e309", "NaN", "Infinity", "-0", "99999999999999999999999999999999", "2026-13-45", "9999-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z", "null", "true", "[]", "{}",
            // numbers that expand beyond any column, offset zones, header injection, a catastrophic
            // backtracking pattern, IPv6 forms of internal addresses, a date far before any calendar
            "1e-999999999", "1e999999999", "1e-20000", "0e-999999999", "+05:30", "UTC+05:30", "GMT-03:00",
            "ops\r\nBcc: victim@example.com", "line\u2028break", "((x+)+)+y", "(a|a)*$", "http://[::127.0.0.1]/",
            "https://[64:ff9b::a9fe:a9fe]/latest", "https://[2002:7f00:1::]/", "https://255.255.255.255/", "-5000-01-01",
            "-4713-11-24T00:00:00Z",
            // opaque cursors that decode to a NUL character, to JSON of the wrong shape, to nothing
            java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("x\u0000y".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"t\":\"\u0000\",\"id\":-1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "====");
    static final List<JsonNode> HOSTILE_VALUES = hostileValues();
    static final List<String> EVERY_STRING = List.of("'; DROP TABLE budget.budget; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
            "a\u0000b");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Integer> statuses = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> refusedButWritten = new ArrayList<>();
    private long sent;
    private long refusedWrites;
    /** Every authenticated request acts for a throwaway tenant, so whatever the accepted mutations create stays out of the demo tenants. */
    private String actAs;
    private Connection db;

    public static void main(String[] args) throws Exception {
        var o = IngestBenchmark.options(args);
        Map<String, String> env = ReportStoreBenchmark.env(Path.of(o.getOrDefault("env", ".tokenledger/stack/infra.env")));
        int mutations = Integer.parseInt(o.getOrDefault("mutations", "40"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        new BadInputSweep().run(env, mutations, seed);
    }

    void run(Map<String, String> env, int mutations, long seed) throws Exception {
        String keycloak = env.getOrDefault("KEYCLOAK_URL", "http://127.0.0.1:18180");
        // the platform operator acting for a tenant of the sweep's own: its tenant-admin rights, and nothing
        // the accepted mutations create (tenant-wide blocking budgets, say) lands in acme or globex
        String platform = IngestBenchmark.userToken(http, keycloak, "olga");
        String admin = platform;
        actAs = "fuzz-" + seed + "-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        System.out.println("sweeping as tenant " + actAs);
        JsonNode seeds = Json.mapper().readTree(BadInputSweep.class.getResourceAsStream("/fuzz-seeds.json"));
        SplittableRandom random = new SplittableRandom(seed);
        db = DriverManager.getConnection(env.get("JDBC_URL"), env.get("DB_USER"), env.get("DB_PASSWORD"));
        Map<String, Long> rowsBefore = apiTableRows(db);
        int endpoints = 0;
        for (var service : new TreeMap<>(SERVICES).entrySet()) {
            String base = "http://127.0.0.1:" + service.getValue();
            HttpResponse<String> document = get(base + "/q/openapi?format=json", null);
            if (document.statusCode() != 200) {
                // a sweep that finds nothing to send must not pass
                System.out.println(service.getKey() + " has no OpenAPI document at " + base + "/q/openapi: " + document.statusCode());
                System.exit(1);
            }
            JsonNode openapi = Json.mapper().readTree(document.body());
            for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
                var path = paths.next();
                if (path.getKey().startsWith("/proxy/")) {
                    continue; // the gateway relays bodies to the provider, which judges them (and is not reachable from here)
                }
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    var op = ops.next();
                    String method = op.getKey().toUpperCase();
                    if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                        continue;
                    }
                    endpoints++;
                    String token = path.getKey().startsWith("/v1/catalogue") || path.getKey().startsWith("/v1/repricing") ? platform : admin;
                    sweep(base, method, path.getKey(), op.getValue(), seeds.get(method + " " + path.getKey()), token, mutations, random);
                }
            }
        }
        Map<String, Long> rowsAfter = apiTableRows(db);
        db.close();
        List<String> changed = new ArrayList<>();
        rowsAfter.forEach((table, n) -> {
            if (!n.equals(rowsBefore.get(table))) {
                changed.add(table + " " + rowsBefore.get(table) + "→" + n);
            }
        });
        System.out.printf("bad-input sweep: %d endpoints, %,d requests, answers %s; %d 5xx%n", endpoints, sent, statuses, failures.size());
        System.out.printf("writes: %,d refused write requests, %d of them changed a configuration table; over the sweep (accepted"
                + " requests included) %s%n", refusedWrites, refusedButWritten.size(), changed.isEmpty() ? "no table changed" : changed);
        failures.stream().limit(30).forEach(f -> System.out.println("  5xx " + f));
        pipelineStillFlows(admin);
        refusedButWritten.stream().limit(30).forEach(f -> System.out.println("  refused but written: " + f));
        if (!failures.isEmpty() || !refusedButWritten.isEmpty()) {
            System.exit(1);
        }
    }

    private void sweep(String base, String method, String path, JsonNode op, JsonNode seed, String token, int mutations, SplittableRandom random)
            throws Exception {
        List<String> queryNames = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            if ("query".equals(p.path("in").asText())) {
                queryNames.add(p.path("name").asText());
            }
        }
        boolean hasBody = op.has("requestBody");
        String concrete = path.replaceAll("\\{[^}]+}", "1");
        // hostile path parameters
        if (path.contains("{")) {
            for (String h : HOSTILE_STRINGS) {
                send(method, base + path.replaceAll("\\{[^}]+}", enc(h.length() > 300 ? h.substring(0, 300) : h)), token, hasBody ? "{}" : null, "application/json");
            }
        }
        // hostile query values, one parameter at a time
        for (String q : queryNames) {
            for (String h : HOSTILE_STRINGS) {
                send(method, base + concrete + "?" + enc(q) + "=" + enc(h), token, hasBody && seed != null ? Json.write(seed) : hasBody ? "{}" : null,
                        "application/json");
            }
        }
        if (!hasBody) {
            send(method, base + concrete, null, null, null); // no credential
            return;
        }
        // hostile bodies
        List<String> bodies = new ArrayList<>(List.of("", "null", "[]", "{}", "\"x\"", "1e309", "{\"a\":", "{'single':'quotes'}",
                "[" + "[".repeat(5_000) + "]".repeat(5_000) + "]", "{\"a\":" + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_001),
                "[" + "{}, ".repeat(20_000) + "{}]"));
        for (String body : bodies) {
            send(method, base + concrete, token, body, "application/json");
        }
        send(method, base + concrete, token, "x".repeat(10 * 1024 * 1024), "application/json");
        sendBytes(method, base + concrete, token, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'});
        send(method, base + concrete, token, "<xml/>", "application/xml");
        if (op.path("requestBody").path("content").has("text/csv")) {
            // CSV cells with NUL, dates before any calendar, numbers past any column
            for (String row : List.of("2026-11-01,gpt\u0000-4o,1.00", "-5000-01-01,gpt-4o,1.00", "2026-11-01,gpt-4o,1e999999999",
                    "2026-11-01,gpt-4o,1e-999999999", "\"2026-11-01\",\"a\"\"b\",\"1")) {
                send(method, base + concrete + "?provider=openai", token, "date,model,amount\n" + row + "\n", "text/csv");
            }
        }
        if (seed instanceof ObjectNode object && object.size() > 0) {
            // the same key twice: refused everywhere, never "last one wins"
            String first = object.fieldNames().next();
            String body = Json.write(seed);
            String duplicated = body.substring(0, body.length() - 1) + ",\"" + first + "\":" + Json.write(object.get(first)) + "}";
            int status = send(method, base + concrete, token, duplicated, "application/json");
            if (status / 100 == 2) {
                failures.add(method + " " + path + " accepted a body with the key '" + first + "' twice");
            }
        }
        if (seed != null) {
            send(method, base + concrete, token, Json.write(seed), "text/plain");
            // every string of the valid body, in turn, replaced by SQL, script, template and NUL text
            for (int leaf = 0; leaf < countTextLeaves(seed); leaf++) {
                for (String hostile : EVERY_STRING) {
                    JsonNode copy = seed.deepCopy();
                    replaceTextLeaf(copy, leaf, hostile, new int[] {0});
                    send(method, base + concrete, token, Json.write(copy), "application/json");
                }
            }
            for (int i = 0; i < mutations; i++) {
                send(method, base + concrete, token, Json.write(mutate(seed.deepCopy(), random)), "application/json");
            }
        }
    }

    /** Replaces one randomly chosen leaf (or container) of the body with a hostile value. */
    static JsonNode mutate(JsonNode node, SplittableRandom random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(node, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode value = HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size()));
        if (target instanceof ObjectNode obj && obj.size() > 0) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(10) == 0) {
                obj.remove(name);
            } else {
                obj.set(name, value);
            }
        } else if (target instanceof ArrayNode arr && arr.size() > 0) {
            arr.set(random.nextInt(arr.size()), value);
        }
        return node;
    }

    static int countTextLeaves(JsonNode node) {
        if (node.isTextual()) {
            return 1;
        }
        int n = 0;
        for (JsonNode child : node) {
            n += countTextLeaves(child);
        }
        return n;
    }

    /** Replaces the {@code target}-th text leaf (depth first) with {@code value}. */
    static void replaceTextLeaf(JsonNode node, int target, String value, int[] seen) {
        if (node instanceof ObjectNode obj) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (obj.get(name).isTextual()) {
                    if (seen[0]++ == target) {
                        obj.put(name, value);
                        return;
                    }
                } else {
                    replaceTextLeaf(obj.get(name), target, value, seen);
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                if (arr.get(i).isTextual()) {
                    if (seen[0]++ == target) {
                        arr.set(i, JsonNodeFactory.instance.textNode(value));
                        return;
                    }
                } else {
                    replaceTextLeaf(arr.get(i), target, value, seen);
                }
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    /**
     * After the sweep every service is still UP and a fresh event goes through the whole pipeline:
     * nothing the sweep sent (a number, a pattern, a zone) stopped a consumer.
     */
    private void pipelineStillFlows(String token) throws Exception {
        for (var service : new TreeMap<>(SERVICES).entrySet()) {
            HttpResponse<String> health = get("http://127.0.0.1:" + (service.getValue() + 1000) + "/q/health", null);
            if (health.statusCode() != 200) {
                failures.add(service.getKey() + " health after the sweep: " + health.statusCode() + " " + health.body());
            }
        }
        String project = "after-sweep-" + Long.toString(System.nanoTime(), 36);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/v1/usage-events")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("X-Tokenledger-Tenant", actAs).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"usage\": {\"input_tokens\": 100,"
                        + " \"output_tokens\": 10}, \"attribution\": {\"project\": \"" + project + "\"}}"));
        long sentAt = System.nanoTime();
        int accepted = http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        long deadline = sentAt + 30_000_000_000L;
        boolean reported = false;
        while (accepted == 202 && !reported && System.nanoTime() < deadline) {
            java.time.Instant now = java.time.Instant.now();
            HttpResponse<String> r = get("http://127.0.0.1:8084/v1/reports/summary?from=" + now.minusSeconds(3600) + "&to=" + now.plusSeconds(3600)
                    + "&project=" + project, token);
            reported = r.statusCode() == 200 && Json.mapper().readTree(r.body()).path("calls").asLong() == 1;
            if (!reported) {
                Thread.sleep(100);
            }
        }
        if (!reported) {
            failures.add("a fresh event after the sweep (ingest answered " + accepted + ") did not reach the reports within 30 s");
        } else {
            System.out.printf("after the sweep: every service UP, a fresh event reached the reports in %.1f s%n", (System.nanoTime() - sentAt) / 1e9);
        }
    }

    private static List<JsonNode> hostileValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> v = new ArrayList<>();
        HOSTILE_STRINGS.forEach(s -> v.add(f.textNode(s)));
        v.add(f.numberNode(-1));
        v.add(f.numberNode(Long.MAX_VALUE));
        v.add(f.numberNode(Long.MIN_VALUE));
        v.add(f.numberNode(new java.math.BigDecimal("1e400")));
        v.add(f.numberNode(new java.math.BigDecimal("1e-999999999")));
        v.add(f.numberNode(new java.math.BigDecimal("1e999999999")));
        v.add(f.numberNode(new java.math.BigDecimal("1.5")));
        v.add(f.numberNode(new java.math.BigInteger("9".repeat(60))));
        v.add(f.numberNode(0.1));
        v.add(f.numberNode(-0.000000000000000001));
        v.add(f.nullNode());
        v.add(f.booleanNode(true));
        v.add(f.arrayNode());
        v.add(f.objectNode());
        ObjectNode deep = f.objectNode();
        ObjectNode at = deep;
        for (int i = 0; i < 500; i++) {
            at = at.putObject("a");
        }
        v.add(deep);
        ArrayNode big = f.arrayNode();
        for (int i = 0; i < 10_000; i++) {
            big.add(i);
        }
        v.add(big);
        return v;
    }

    /** @return the answer's status, or -1 when the server closed the connection */
    private int send(String method, String url, String token, String body, String type) throws Exception {
        return sendBytes(method, url, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), type);
    }

    private int sendBytes(String method, String url, String token, byte[] body) throws Exception {
        return sendBytes(method, url, token, body, "application/json");
    }

    private int sendBytes(String method, String url, String token, byte[] body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token).header("X-Tokenledger-Tenant", actAs);
        }
        if (body != null) {
            b.header("Content-Type", type == null ? "application/json" : type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r;
        Map<String, Long> before = method.equals("GET") ? null : apiTableRows(db);
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            // the server closing the connection on a 10 MB body is a refusal, not a crash
            count("closed");
            return -1;
        }
        sent++;
        count(String.valueOf(r.statusCode()));
        if (r.statusCode() >= 500 && r.statusCode() != 503) {
            String sample = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            failures.add(method + " " + url.substring(0, Math.min(url.length(), 160)) + " → " + r.statusCode() + " "
                    + r.body().substring(0, Math.min(r.body().length(), 200)) + " | body: " + sample);
        }
        if (r.statusCode() >= 400 && !method.equals("GET")) {
            refusedWrites++;
            if (!apiTableRows(db).equals(before)) {
                refusedButWritten.add(method + " " + url + " → " + r.statusCode());
            }
        }
        return r.statusCode();
    }

    private void count(String key) {
        statuses.merge(key, 1, Integer::sum);
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token).header("X-Tokenledger-Tenant", actAs);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Row counts of the tables only the API writes (configuration, not the event pipelines). */
    static Map<String, Long> apiTableRows(Connection db) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : List.of("budget.budget", "budget.budget_credit", "pricing.catalogue_version", "pricing.tenant_discount", "report.provider_bill", "access.api_key",
                "notifier.channel", "notifier.route")) {
            try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                out.put(table, rs.getLong(1));
            } catch (java.sql.SQLException e) {
                out.put(table + " (missing)", -1L);
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
