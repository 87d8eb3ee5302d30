package dev.tokenledger.budget.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tokenledger.common.access.ApiKeyAuthenticationMechanism;
import dev.tokenledger.common.access.ApiKeyRateLimitFilter;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.http.BodyLimit;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.common.problem.ProblemMappers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/decisions} as a plain Vert.x route: a gateway asks before every model call, so
 * this path skips what Quarkus REST adds per request (its handler chain, a CDI request context,
 * context propagation at every step) — together about half the CPU a decision took there. What a
 * resource would get from it is done here, the same way: Quarkus HTTP security has authenticated
 * the caller (proactively, with every mechanism and augmentor) before this runs; the roles, the
 * API key's rate limit, the media type, the body limit and the JSON rules are the service's; every
 * error is a problem document. {@code META-INF/openapi.yaml} describes the endpoint.
 */
@ApplicationScoped
public class DecisionRoute {

    static final String PATH = "/v1/decisions";
    private static final String JSON = "application/json";
    private static final DecisionRequest NOTHING_GIVEN = new DecisionRequest(null, null, null, null, null, null, null, null);

    @Inject
    DecisionAnswers answers;

    @Inject
    ObjectMapper mapper;

    @Inject
    ApiKeyRateLimitFilter rateLimits;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    @Inject
    MeterRegistry registry;

    private ObjectReader requestReader;
    private ObjectWriter viewWriter;
    private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    void register(@Observes Router router) {
        for (String outcome : List.of("allow", "warn", "deny", "refused")) {
            timer(outcome);
        }
        requestReader = mapper.readerFor(DecisionRequest.class);
        viewWriter = mapper.writerFor(DecisionAnswers.DecisionView.class);
        router.post(PATH)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue()))
                .handler(this::decide)
                .failureHandler(this::failed);
    }

    private void decide(RoutingContext rc) {
        long started = System.nanoTime();
        rc.put(STARTED, started);
        try {
            SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
            if (identity == null || identity.isAnonymous()) {
                rc.response().putHeader("WWW-Authenticate", "Bearer");
                throw new ProblemException(new Problem(Problem.TYPE_BASE + "unauthenticated", "Unauthorized", 401,
                        "a bearer token or an API key is required", List.of()));
            }
            if (!identity.hasRole(Roles.GATEWAY) && !identity.hasRole(Roles.TENANT_ADMIN)) {
                throw ProblemException.forbidden("deciding needs the role '" + Roles.GATEWAY + "' or '" + Roles.TENANT_ADMIN + "'");
            }
            ProblemException limited = rateLimits.refusal(identity);
            if (limited != null) {
                throw limited;
            }
            String type = rc.request().getHeader("Content-Type");
            if (type != null && !isJson(type)) {
                throw ProblemException.unsupportedMediaType("the body must be " + JSON + ", not " + type);
            }
            Caller caller = Caller.of(identity);
            DecisionRequest.Valid valid = read(rc.body()).validate();
            DecisionRequest.Valid r = valid.as(caller);
            String tenant = caller.tenantId();
            // the quote is asked with the caller's own credential: a token, or an API key sent as X-Api-Key
            String apiKey = rc.request().getHeader(ApiKeyAuthenticationMechanism.HEADER);
            String authorization = apiKey != null ? "Bearer " + apiKey : rc.request().getHeader("Authorization");
            answers.decide(tenant, authorization, r).subscribe().with(view -> answer(rc, view), e -> problem(rc, e));
        } catch (RuntimeException e) {
            problem(rc, e);
        }
    }

    /** An empty body is a request with every field missing: validation names them all. */
    private DecisionRequest read(RequestBody body) {
        Buffer bytes = body == null ? null : body.buffer();
        if (bytes == null || bytes.length() == 0) {
            return NOTHING_GIVEN;
        }
        try {
            DecisionRequest request = requestReader.readValue(bytes.getBytes());
            return request != null ? request : NOTHING_GIVEN;
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemMappers.malformedJson(e));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String base = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return base.equals(JSON);
    }

    private void answer(RoutingContext rc, DecisionAnswers.DecisionView view) {
        try {
            byte[] json = viewWriter.writeValueAsBytes(view);
            HttpServerResponse response = rc.response();
            if (response.ended() || response.closed()) {
                return;
            }
            response.setStatusCode(200).putHeader("Content-Type", JSON);
            if (view.retryAfterSeconds() != null) {
                response.putHeader("Retry-After", String.valueOf(view.retryAfterSeconds()));
            }
            response.end(Buffer.buffer(json));
            timed(rc, view.decision());
        } catch (JsonProcessingException | RuntimeException e) {
            problem(rc, e);
        }
    }

    /**
     * A chunked body over {@code quarkus.http.limits.max-body-size} (one announced by Content-Length is
     * refused before, by {@link BodyLimit}). Other failures are not this route's (a
     * credential that failed authentication): Quarkus' own failure handlers answer them, as for any path.
     */
    private void failed(RoutingContext rc) {
        if (rc.statusCode() == 413) {
            problem(rc, BodyLimit.refusal(maxBodySize.asLongValue()));
        } else {
            rc.next();
        }
    }

    private void problem(RoutingContext rc, Throwable e) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        ProblemMappers.send(rc.response(), e instanceof ProblemException known ? known : new ProblemException(ProblemMappers.internal(e)));
        timed(rc, "refused");
    }

    private static final String STARTED = "tokenledger.decision.started";

    /** {@code tokenledger_decision_seconds{outcome}}: from the request read to the answer written, as a histogram for the p99 alert. */
    private void timed(RoutingContext rc, String outcome) {
        Long started = rc.get(STARTED);
        if (started != null) {
            timer(outcome == null ? "refused" : outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String outcome) {
        return timers.computeIfAbsent(outcome, o -> Timer.builder("tokenledger_decision").description("time to answer POST /v1/decisions")
                .tag("outcome", o).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(5)).register(registry));
    }
}
