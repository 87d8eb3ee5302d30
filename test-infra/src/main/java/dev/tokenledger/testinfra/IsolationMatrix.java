package dev.tokenledger.testinfra;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tenant-isolation matrix of one service, generated from its REST endpoints: every JAX-RS
 * resource method found in the given code sources is called with every kind of credential, and each
 * answer is checked. A new endpoint is therefore covered by the negative rows without anyone adding
 * it; its positive row needs a valid request (and its object ids), and the matrix fails until the
 * test names one.
 * <ul>
 *     <li>no credential, an expired token, a token signed by another key, an unsigned token, a
 *     malformed and a revoked API key → 401;</li>
 *     <li>every tenant-A principal without an allowed role (viewer, service account, platform admin,
 *     API keys scoped {@code ingest} or {@code gateway}) → 403;</li>
 *     <li>a tenant-B principal with an allowed role → 404 for an endpoint addressing an object,
 *     anything but a 5xx otherwise;</li>
 *     <li>a tenant-A principal with an allowed role → 2xx;</li>
 *     <li>and no answer but the last carries any tenant-A marker string.</li>
 * </ul>
 */
public final class IsolationMatrix {

    /** One REST endpoint and the roles it admits ({@code *} for any authenticated caller). */
    public record Endpoint(String method, String template, Set<String> roles) {
        public String key() {
            return method + " " + template;
        }

        boolean addressesObject() {
            return template.contains("{");
        }

        boolean admits(Set<String> principalRoles) {
            return roles.contains("*") || principalRoles.stream().anyMatch(roles::contains);
        }
    }

    /** A valid request for an endpoint: query string (without '?') and JSON body, either may be null. */
    public record Call(String query, String body) {
    }

    /** Who calls: the tenant, the roles, and the Authorization-style header that proves it (null: none). */
    public record Principal(String name, String tenant, Set<String> roles, String header, String value) {
    }

    public record Result(int endpoints, int requests, List<String> failures) {
        public String summary() {
            return "isolation matrix: " + endpoints + " endpoints, " + requests + " requests, " + failures.size() + " unexpected answers";
        }
    }

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)(?:\\s*:[^}]*)?}");

    private final URI base;
    private final List<Endpoint> endpoints;
    private final Map<String, String> pathValues = new HashMap<>();
    private final Map<String, String> endpointPathValues = new HashMap<>();
    private final Map<String, Call> calls = new HashMap<>();
    private final List<String> markers = new ArrayList<>();
    private final Map<String, String> provedElsewhere = new HashMap<>();
    private final List<Principal> unauthenticated = new ArrayList<>();
    private final List<Principal> tenantA = new ArrayList<>();
    private final List<Principal> tenantB = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private IsolationMatrix(URI base, List<Endpoint> endpoints) {
        this.base = base;
        this.endpoints = new ArrayList<>(endpoints);
    }

    /**
     * The matrix of the endpoints found in the code sources (class directories or jars) of the given
     * classes, with the demo realm's principals of acme (tenant A) and globex (tenant B) and API keys
     * of acme written into the test class's database.
     */
    public static IsolationMatrix of(TestInfra infra, URI base, Class<?>... codeSourcesOf) {
        IsolationMatrix m = new IsolationMatrix(base, RestEndpoints.in(codeSourcesOf));
        Tokens tokens = infra.tokens();
        String alice = tokens.user("alice");
        TestApiKeys.Key revoked = TestApiKeys.create(infra, "acme", null, "ingest", "gateway");
        TestApiKeys.revoke(infra, revoked);
        m.unauthenticated.add(new Principal("no credential", null, Set.of(), null, null));
        m.unauthenticated.add(new Principal("expired token", "acme", Set.of(), "Authorization", "Bearer " + tokens.expired()));
        m.unauthenticated.add(new Principal("token signed by another key", "acme", Set.of(), "Authorization", "Bearer " + Tokens.forged(alice)));
        m.unauthenticated.add(new Principal("unsigned token", "acme", Set.of(), "Authorization", "Bearer " + Tokens.unsigned(alice)));
        m.unauthenticated.add(new Principal("alice's ID token", "acme", Set.of(), "Authorization", "Bearer " + tokens.idToken("alice")));
        m.unauthenticated.add(new Principal("token of another application of the realm", null, Set.of(), "Authorization",
                "Bearer " + tokens.otherApplication()));
        m.unauthenticated.add(new Principal("revoked API key", "acme", Set.of(), "Authorization", "Bearer " + revoked.value()));
        m.unauthenticated.add(new Principal("malformed API key", "acme", Set.of(), "X-Api-Key", "tlk_not-a-key"));
        m.tenantA.add(new Principal("alice (acme admin)", "acme", Set.of("tenant-admin", "tenant-viewer", "ingest", "gateway"),
                "Authorization", "Bearer " + alice));
        m.tenantA.add(new Principal("acme service account", "acme", Set.of("ingest", "gateway"), "Authorization",
                "Bearer " + tokens.serviceAccount("acme")));
        m.tenantA.add(new Principal("bob (acme viewer)", "acme", Set.of("tenant-viewer"), "Authorization", "Bearer " + tokens.user("bob")));
        m.tenantA.add(new Principal("olga (platform admin)", "platform", Set.of("platform-admin"), "Authorization",
                "Bearer " + tokens.platformAdmin()));
        m.tenantA.add(new Principal("acme API key scoped ingest", "acme", Set.of("ingest"), "Authorization",
                "Bearer " + TestApiKeys.create(infra, "acme", null, "ingest").value()));
        m.tenantA.add(new Principal("acme API key scoped gateway", "acme", Set.of("gateway"), "X-Api-Key",
                TestApiKeys.create(infra, "acme", null, "gateway").value()));
        m.tenantB.add(new Principal("carol (globex admin)", "globex", Set.of("tenant-admin", "tenant-viewer", "ingest", "gateway"),
                "Authorization", "Bearer " + tokens.user("carol")));
        m.tenantB.add(new Principal("dave (globex viewer)", "globex", Set.of("tenant-viewer"), "Authorization", "Bearer " + tokens.user("dave")));
        m.tenantB.add(new Principal("globex service account", "globex", Set.of("ingest", "gateway"), "Authorization",
                "Bearer " + tokens.serviceAccount("globex")));
        return m;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * An endpoint served outside Quarkus REST (a Vert.x route), which the scan of the code cannot find,
     * and the roles it admits: it goes through the same rows as the scanned ones.
     */
    public IsolationMatrix route(String method, String template, String... roles) {
        endpoints.add(new Endpoint(method, template, Set.of(roles)));
        return this;
    }

    /** The value of path parameter {@code {name}} in every endpoint: the id of a tenant-A object. */
    public IsolationMatrix path(String name, Object value) {
        pathValues.put(name, String.valueOf(value));
        return this;
    }

    /** The value of {@code {name}} in one endpoint ({@code "DELETE /v1/budgets/{id}"}), e.g. an object that may be deleted. */
    public IsolationMatrix path(String endpointKey, String name, Object value) {
        endpointPathValues.put(endpointKey + "#" + name, String.valueOf(value));
        return this;
    }

    /** A valid request for the endpoint: query (without '?') and JSON body, either may be null. */
    public IsolationMatrix call(String endpointKey, String query, String body) {
        calls.put(endpointKey, new Call(query, body));
        return this;
    }

    /**
     * Skips the success row of an endpoint whose success would disturb the other tests of the module
     * (e.g. replacing a whole public price list); {@code where} names the test that proves it. Its
     * refusal rows still run.
     */
    public IsolationMatrix provedElsewhere(String endpointKey, String where) {
        provedElsewhere.put(endpointKey, where);
        return this;
    }

    /** A string that only tenant A's data contains (a name, a project): no refused or tenant-B answer may contain it. */
    public IsolationMatrix marker(String text) {
        markers.add(text);
        return this;
    }

    public Result run() {
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Endpoint e : endpoints) {
            if (e.roles().isEmpty()) {
                failures.add(e.key() + ": declares no role (@RolesAllowed or @Authenticated)");
            }
            if (needsBody(e) && !calls.containsKey(e.key()) && !provedElsewhere.containsKey(e.key())) {
                failures.add(e.key() + ": the matrix has no valid request for it: add one with call(\"" + e.key() + "\", query, body)");
            }
        }
        // refusals first (they must change nothing), then successes, deletions last
        for (Endpoint e : endpoints) {
            Call call = calls.getOrDefault(e.key(), new Call(null, needsBody(e) ? "{}" : null));
            String path = resolve(e, failures);
            for (Principal p : unauthenticated) {
                requests++;
                expect(e, p, path, call, failures, status -> status == 401, "401");
            }
            for (Principal p : tenantA) {
                if (!e.admits(p.roles())) {
                    requests++;
                    expect(e, p, path, call, failures, status -> status == 403, "403");
                }
            }
            tenantB.stream().filter(p -> e.admits(p.roles())).findFirst().ifPresent(p -> {
                boolean object = e.addressesObject();
                expect(e, p, path, call, failures, status -> object ? status == 404 : status < 500, object ? "404" : "no 5xx");
            });
            requests += tenantB.stream().anyMatch(p -> e.admits(p.roles())) ? 1 : 0;
        }
        List<Endpoint> ordered = new ArrayList<>(endpoints);
        ordered.sort(Comparator.comparing(e -> e.method().equals("DELETE")));
        for (Endpoint e : ordered) {
            if (needsBody(e) && !calls.containsKey(e.key()) || provedElsewhere.containsKey(e.key())) {
                continue;
            }
            Principal right = tenantA.stream().filter(p -> e.admits(p.roles())).findFirst().orElse(null);
            if (right == null) {
                failures.add(e.key() + ": no tenant-A principal has one of its roles " + e.roles());
                continue;
            }
            requests++;
            Call call = calls.getOrDefault(e.key(), new Call(null, null));
            send(e, right, resolve(e, failures), call).ifPresentOrElse(r -> {
                if (r.statusCode() < 200 || r.statusCode() > 299) {
                    failures.add(e.key() + " as " + right.name() + ": expected 2xx, got " + r.statusCode() + " " + abbreviate(r.body()));
                }
            }, () -> failures.add(e.key() + " as " + right.name() + ": no answer"));
        }
        return new Result(endpoints.size(), requests, failures);
    }

    private interface StatusCheck {
        boolean ok(int status);
    }

    private void expect(Endpoint e, Principal p, String path, Call call, List<String> failures, StatusCheck check, String expected) {
        send(e, p, path, call).ifPresentOrElse(r -> {
            if (!check.ok(r.statusCode())) {
                failures.add(e.key() + " with " + p.name() + ": expected " + expected + ", got " + r.statusCode() + " " + abbreviate(r.body()));
            }
            String body = r.body() == null ? "" : r.body();
            for (String marker : markers) {
                if (body.contains(marker)) {
                    failures.add(e.key() + " with " + p.name() + ": the answer contains tenant-A data '" + marker + "'");
                }
            }
        }, () -> failures.add(e.key() + " with " + p.name() + ": no answer"));
    }

    private java.util.Optional<HttpResponse<String>> send(Endpoint e, Principal p, String path, Call call) {
        try {
            String query = call.query() == null ? "" : "?" + call.query();
            String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
            HttpRequest.Builder request = HttpRequest.newBuilder(new URI(root + path + query)).timeout(Duration.ofSeconds(20));
            if (p.header() != null) {
                request.header(p.header(), p.value());
            }
            HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(call.body());
            if (call.body() != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(e.method(), body);
            return java.util.Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | URISyntaxException ex) {
            return java.util.Optional.empty();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private String resolve(Endpoint e, List<String> failures) {
        Matcher m = PARAM.matcher(e.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = endpointPathValues.getOrDefault(e.key() + "#" + name, pathValues.get(name));
            if (value == null) {
                failures.add(e.key() + ": no value for {" + name + "}: add one with path(\"" + name + "\", id)");
                value = "1";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean needsBody(Endpoint e) {
        return e.method().equals("POST") || e.method().equals("PUT") || e.method().equals("PATCH");
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
