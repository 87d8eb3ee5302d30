package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.common.access.ApiKeyRateLimitFilter;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.http.BodyLimit;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.common.problem.ProblemMappers;
import dev.tokenledger.ingest.providerkey.ManagedProviderKeys;
import dev.tokenledger.ingest.providerkey.ProviderKeyRequest;
import dev.tokenledger.ingest.usage.UsageEventNormalizer;
import dev.tokenledger.ingest.usage.UsageEventRequest;
import dev.tokenledger.ingest.usage.UuidV7;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Locale;

/**
 * {@code /proxy/<provider>/...}: the provider's own API, for its SDKs with only the base URL
 * changed. Before the call: the caller (authenticated by its tokenledger credential), the provider
 * key ({@link ProxyCredentials}: the client's own, untouched, or the tenant's stored one), the request's attribution, its estimated input and the budget decision; a
 * deny answers in the provider's error shape and the provider is not called. Then
 * {@link ProxyExchange} relays the call and {@link ProxyRecorder} records it. A plain Vert.x route:
 * bodies and streams pass through without being bound to objects.
 */
@ApplicationScoped
public class ProxyRoute {

    static final String PREFIX = "/proxy/";
    private static final Logger LOG = Logger.getLogger(ProxyRoute.class);
    private static final int MAX_REQUEST_ID = 100;

    @Inject
    ProxyConfig config;

    @Inject
    BudgetGate budget;

    @Inject
    ProxyCallLog log;

    @Inject
    ProxyRecorder recorder;

    @Inject
    ProxyMetrics metrics;

    @Inject
    ProxyCallWriter writer;

    @Inject
    ObjectMapper mapper;

    @Inject
    ApiKeyRateLimitFilter rateLimits;

    @Inject
    Vertx vertx;

    @Inject
    ManagedProviderKeys managedKeys;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    private final UsageEventNormalizer normalizer = new UsageEventNormalizer(Clock.systemUTC());
    private HttpClient upstreams;

    void register(@Observes Router router) {
        upstreams = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setVerifyHost(true)
                        .setConnectTimeout((int) config.connectTimeout().toMillis()).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(256));
        router.route(PREFIX + "*")
                .handler(BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue()))
                .handler(this::handle)
                .failureHandler(this::failed);
    }

    private void handle(RoutingContext rc) {
        long startedNanos = System.nanoTime();
        String rest = rc.request().path().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        ProxyProvider provider = ProxyProvider.of(slash < 0 ? rest : rest.substring(0, slash)).orElse(null);
        if (provider == null || slash < 0) {
            ProblemMappers.send(rc.response(), ProblemException.notFound("no provider at " + rc.request().path()
                    + "; the proxy serves /proxy/openai, /proxy/anthropic, /proxy/gemini and /proxy/openrouter"));
            return;
        }
        String path = rest.substring(slash);
        try {
            SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
            if (identity == null || identity.isAnonymous()) {
                refuse(rc, provider, 401, "unauthenticated", "send your tokenledger API key in X-Tokenledger-Key (or a token in X-Tokenledger-Authorization)");
                return;
            }
            Caller caller = Caller.of(identity);
            String tenant = caller.tenantId();
            boolean checks = config.budgetChecksFor(tenant);
            boolean admin = identity.hasRole(Roles.TENANT_ADMIN);
            if (!admin && !(identity.hasRole(Roles.INGEST) && (!checks || identity.hasRole(Roles.GATEWAY)))) {
                refuse(rc, provider, 403, "forbidden", "calls through the proxy need the roles '" + Roles.INGEST + "' and '" + Roles.GATEWAY + "'");
                return;
            }
            ProblemException limited = rateLimits.refusal(identity);
            if (limited != null) {
                refuse(rc, provider, 429, "rate_limited", limited.problem().detail());
                return;
            }
            ProxyCredentials credentials = ProxyCredentials.of(rc.request().headers(), rc.request().query());
            if (!credentials.managed) {
                start(rc, provider, path, caller, tenant, checks, credentials.tokenledger, rc.request().headers(), startedNanos);
                return;
            }
            String name = rc.request().getHeader(ProxyCredentials.KEY_NAME_HEADER);
            String keyName = name == null ? ProviderKeyRequest.DEFAULT_NAME : name.strip();
            if (!ProviderKeyRequest.validName(keyName)) {
                throw ProblemException.validation(ProxyCredentials.KEY_NAME_HEADER, ProviderKeyRequest.NAME_RULE);
            }
            managedKeys.key(tenant, provider.id(), keyName).subscribe().with(stored -> {
                if (stored.isEmpty()) {
                    refuse(rc, provider, 401, "no_provider_key", managedKeys.enabled()
                            ? "the call carries no " + provider.id() + " key and the tenant has stored none named '" + keyName
                            + "': send your own, or have a tenant admin store one (POST /v1/provider-keys)"
                            : "the call carries no " + provider.id() + " key: send your own (this installation stores none)");
                    return;
                }
                try {
                    start(rc, provider, path, caller, tenant, checks, credentials.tokenledger,
                            credentials.withStoredKey(rc.request().headers(), provider, stored.get()), startedNanos);
                } catch (ProblemException e) {
                    refuse(rc, provider, e.problem().status(), "invalid_request", text(e));
                }
            }, e -> {
                LOG.warnf("the stored %s key of tenant %s could not be read: %s", provider.id(), tenant, e.toString());
                refuse(rc, provider, 503, "unavailable", "the tenant's stored provider key could not be read; retry later");
            });
        } catch (ProblemException e) {
            refuse(rc, provider, e.problem().status(), "invalid_request", text(e));
        }
    }

    private void start(RoutingContext rc, ProxyProvider provider, String path, Caller caller, String tenant, boolean checks, String credential,
                       MultiMap forwardedHeaders, long startedNanos) {
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        JsonNode json = parse(body);
        String operation = provider.operation(path);
        RequestFacts facts = RequestFacts.of(provider, path, json);
        String requestId = rc.request().getHeader("X-Tokenledger-Request-Id");
        if (requestId == null) {
            requestId = rc.request().getHeader("Idempotency-Key");
        }
        boolean named = requestId != null;
        if (named && (requestId.isBlank() || requestId.length() > MAX_REQUEST_ID || requestId.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.validation("X-Tokenledger-Request-Id", "must be 1 to " + MAX_REQUEST_ID + " printable characters");
        }
        if (!named) {
            requestId = UuidV7.next(Clock.systemUTC()).toString();
        }
        Attribution attribution = caller.attribution(ProxyAttribution.of(rc.request().headers(), facts), "X-Tokenledger");
        long estimate = operation.equals("api-call") ? 0 : TokenEstimator.estimateInput(facts.model(), facts.promptText());
        ProxyCall call = new ProxyCall(tenant, requestId, named, provider, operation, facts.model(), facts.stream(), estimate, attribution,
                UuidV7.next(Clock.systemUTC()).toString(), java.time.Instant.now(), startedNanos);
        UsageEventRequest started = recorder.started(call);
        var checked = normalizer.normalize(tenant, started);
        if (!checked.errors().isEmpty()) {
            var first = checked.errors().get(0);
            throw ProblemException.validation(first.pointer().replaceFirst("^/0/", ""), first.message());
        }
        boolean usageAdded = addStreamUsage(provider, path, facts, json);
        Buffer forwarded = usageAdded ? Buffer.buffer(write(json)) : body;
        // a request id the client named may be a retry: its attempt number comes first; other calls are logged in batches
        Uni<Void> numbered = Uni.createFrom().voidItem();
        if (named) {
            numbered = log.begin(call, recorder.json(started)).invoke(n -> call.attempt = n).replaceWithVoid();
        } else {
            writer.started(call, recorder.json(started));
        }
        String upstream = config.upstreamFor(tenant, provider);
        String query = rc.request().query();
        String url = upstream + path + (query == null ? "" : "?" + query);
        numbered.chain(() -> checks && call.metered() ? decide(rc, credential, call, facts) : Uni.createFrom().item(Boolean.TRUE))
                .subscribe().with(go -> {
                    if (go) {
                        new ProxyExchange(rc, call, usageAdded, recorder, metrics, mapper)
                                .forward(upstreams, url, forwardedHeaders, forwarded, config.upstreamIdleTimeout().toMillis());
                    }
                }, e -> {
                    LOG.warnf("call %s of tenant %s could not start: %s", call.requestId, tenant, e.toString());
                    refuse(rc, provider, 503, "unavailable", "the proxy could not record the call; retry later");
                });
    }

    /** True to call the provider; false when the budget (or the policy without an answer) denied and the client has its 429/503. */
    private Uni<Boolean> decide(RoutingContext rc, String credential, ProxyCall call, RequestFacts facts) {
        return Uni.createFrom().completionStage(() -> budget.decide(credential, call.attemptId(), call.provider, call.requestedModel == null
                        ? "unknown" : call.requestedModel, call.attribution, call.estimatedInputTokens, facts.maxOutputTokens()).toCompletionStage())
                .map(answer -> {
                    if (!answer.denies()) {
                        return true;
                    }
                    deny(rc, call, 429, "budget_exceeded", "tokenledger budget: " + (answer.reason() != null ? answer.reason() : "denied"),
                            answer.retryAfterSeconds());
                    return false;
                })
                .onFailure().recoverWithItem(e -> {
                    if (config.onBudgetServiceError().equals("fail-open")) {
                        LOG.warnf("call %s proceeds without a budget decision (fail-open): %s", call.attemptId(), e.toString());
                        return true;
                    }
                    deny(rc, call, 503, "budget_unavailable", "tokenledger could not check the budget (fail-closed); retry later", 5L);
                    return false;
                });
    }

    /** Answers the client in the provider's shape (with Retry-After) and records the call as denied; the provider is not called. */
    private void deny(RoutingContext rc, ProxyCall call, int status, String code, String message, Long retryAfter) {
        call.outcome = ProxyCall.Outcome.DENIED;
        call.finishedNanos = System.nanoTime();
        if (retryAfter != null) {
            rc.response().putHeader("Retry-After", String.valueOf(retryAfter));
        }
        refuse(rc, call.provider, status, code, message);
        recorder.complete(call, call.requestedModel, null, false, "");
    }

    /**
     * For an OpenAI chat or completion stream the client did not ask usage of, the proxy asks for it
     * ({@code stream_options.include_usage}) and {@link StreamUsage} takes it out of what the client gets.
     */
    static boolean addStreamUsage(ProxyProvider provider, String path, RequestFacts facts, JsonNode json) {
        if (provider != ProxyProvider.OPENAI || !facts.stream() || !(json instanceof ObjectNode body)
                || !(path.equals("/v1/chat/completions") || path.equals("/v1/completions"))) {
            return false;
        }
        JsonNode options = body.get("stream_options");
        if (options != null && options.path("include_usage").asBoolean(false)) {
            return false;
        }
        ObjectNode o = options instanceof ObjectNode given ? given : body.putObject("stream_options");
        o.put("include_usage", true);
        return true;
    }

    private JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0 || body.getByte(0) != '{') {
            return null;
        }
        try {
            return mapper.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            return null; // the provider answers a malformed body with its own error
        }
    }

    private byte[] write(JsonNode json) {
        try {
            return mapper.writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A problem as one line: its detail and each field it names. */
    private static String text(ProblemException e) {
        StringBuilder b = new StringBuilder(e.problem().detail() == null ? e.problem().title() : e.problem().detail());
        e.problem().errors().forEach(f -> b.append("; ").append(f.pointer()).append(": ").append(f.message()));
        return b.toString();
    }

    static void refuse(RoutingContext rc, ProxyProvider provider, int status, String code, String message) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(provider.error(status, code, message)));
    }

    private void failed(RoutingContext rc) {
        if (rc.statusCode() == 413) {
            ProblemMappers.send(rc.response(), BodyLimit.refusal(maxBodySize.asLongValue()));
        } else {
            rc.next();
        }
    }
}
