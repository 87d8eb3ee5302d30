package dev.tokenledger.budget.decision;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.TenantBudgets;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.budget.counter.CounterReads;
import dev.tokenledger.common.access.ApiKeyAuthenticationMechanism;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.tokenledger.common.money.Decimals.plain;

/**
 * {@code POST /v1/decisions}: allow / warn / deny for a gateway before it calls a model, with
 * every budget that applied. A deny carries the reason and {@code Retry-After} (seconds until the
 * period resets). Answers 200 in all three cases; errors are problem documents.
 */
@Path("/v1/decisions")
public class DecisionResource {

    private static final Logger LOG = Logger.getLogger(DecisionResource.class);

    @Inject
    Caller caller;

    @Inject
    TenantBudgets budgets;

    @Inject
    DecisionService decisions;

    @Inject
    WorstCaseQuotes quotes;

    @Inject
    BudgetConfig config;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Context
    HttpServerRequest http;

    public record BudgetView(long id, String name, String unit, String enforcement, String limit, String spent, String reserved,
                             String remaining, String request, Instant resetAt, String outcome, String reason) {
    }

    private static final long RETRY_WITHOUT_DEPENDENCY = 5;

    public record DecisionView(String decision, String requestId, String reason, Long retryAfterSeconds, List<BudgetView> budgets) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.GATEWAY, Roles.TENANT_ADMIN})
    public Uni<Response> decide(DecisionRequest body) {
        DecisionRequest.Valid valid = (body == null ? new DecisionRequest(null, null, null, null, null, null, null, null) : body).validate();
        DecisionRequest.Valid r = caller.boundProject().map(valid::boundTo).orElse(valid);
        String tenant = caller.tenantId();
        // the quote is asked with the caller's own credential: a token, or an API key sent as X-Api-Key
        String apiKey = http.getHeader(ApiKeyAuthenticationMechanism.HEADER);
        String authorization = apiKey != null ? "Bearer " + apiKey : http.getHeader("Authorization");
        Instant now = Instant.now();
        return budgets.indexOf(tenant).chain(index -> {
            List<Budget> applying = index.applying(r.attribution(), r.provider(), r.model());
            if (applying.stream().anyMatch(Budget::isTripped)) {
                // a tripped kill switch denies without reserving anything; the answer shows the real figures
                List<Budget> tripped = applying.stream().filter(Budget::isTripped).toList();
                return io.smallrye.mutiny.Multi.createFrom().iterable(tripped)
                        .onItem().transformToUniAndConcatenate(b -> CounterReads.usage(pool, b, now)
                                .map(u -> DecisionPolicy.check(b, u.spent(), u.reserved(), BigDecimal.ZERO, u.credit())))
                        .collect().asList()
                        .map(checks -> {
                            Map<Long, Instant> resets = new HashMap<>();
                            tripped.forEach(b -> resets.put(b.id(), b.period().resetAfter(now, b.zone())));
                            return respond(r, new DecisionService.Decision(DecisionPolicy.Outcome.DENY, checks, resets, false), now);
                        });
            }
            return amounts(tenant, authorization, r, applying)
                    .chain(amounts -> decisions.decide(tenant, r.requestId(), applying, amounts, now, r.hold()))
                    .map(d -> respond(r, d, now))
                    .onFailure(WorstCaseQuotes.Unpriceable.class).recoverWithItem(e -> unpriceable(r, applying, e.getMessage()))
                    .onFailure(WorstCaseQuotes.PricingUnavailable.class).recoverWithItem(e -> pricingDown(r, e));
        }).onFailure(e -> isDatabase(e)).recoverWithItem(e -> databaseDown(r, e));
    }

    private Uni<Map<Long, BigDecimal>> amounts(String tenant, String authorization, DecisionRequest.Valid r, List<Budget> applying) {
        boolean money = applying.stream().anyMatch(b -> b.unit() == Budget.Unit.USD);
        Uni<BigDecimal> cost = !money ? Uni.createFrom().item(BigDecimal.ZERO)
                : r.estimatedCost() != null ? Uni.createFrom().item(r.estimatedCost())
                : quotes.worstCase(tenant, authorization, r.provider(), r.model(), r.inputTokens(), r.outputTokens());
        return cost.map(usd -> {
            Map<Long, BigDecimal> out = new HashMap<>();
            for (Budget b : applying) {
                out.put(b.id(), switch (b.unit()) {
                    case USD -> usd;
                    case TOKENS -> BigDecimal.valueOf(r.inputTokens() + r.outputTokens());
                    case REQUESTS -> BigDecimal.ONE;
                });
            }
            return out;
        });
    }

    private static Response respond(DecisionRequest.Valid r, DecisionService.Decision d, Instant now) {
        List<BudgetView> views = d.checks().stream().map(c -> new BudgetView(c.budget().id(), c.budget().name(), c.budget().unit().wireName(),
                c.budget().enforcement().wireName(), plain(c.limit()), plain(c.spent()), plain(c.reserved()), plain(c.remaining()),
                plain(c.request()), d.resetAt().get(c.budget().id()), c.outcome().name().toLowerCase(Locale.ROOT), c.reason())).toList();
        String decision = d.outcome().name().toLowerCase(Locale.ROOT);
        List<DecisionPolicy.BudgetCheck> denials = DecisionPolicy.denials(d.checks());
        String reason = d.checks().stream().filter(c -> c.outcome() == d.outcome() && c.reason() != null).map(DecisionPolicy.BudgetCheck::reason)
                .findFirst().orElse(null);
        Long retryAfter = null;
        if (!denials.isEmpty()) {
            Instant reset = denials.stream().map(c -> d.resetAt().get(c.budget().id())).filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo).orElse(null);
            retryAfter = reset == null ? null : Math.max(1, Duration.between(now, reset).toSeconds());
        }
        Response.ResponseBuilder out = Response.ok(new DecisionView(decision, r.requestId(), reason, retryAfter, views));
        if (retryAfter != null) {
            out.header("Retry-After", retryAfter);
        }
        return out.build();
    }

    private static Response unpriceable(DecisionRequest.Valid r, List<Budget> applying, String reason) {
        // unknown is never $0: a blocking money budget cannot be checked, so it denies; others warn
        boolean block = applying.stream().anyMatch(b -> b.unit() == Budget.Unit.USD && b.enforcement() == Budget.Enforcement.BLOCK);
        return Response.ok(new DecisionView(block ? "deny" : "warn", r.requestId(), reason, null, List.of())).build();
    }

    private Response pricingDown(DecisionRequest.Valid r, Throwable e) {
        LOG.warnf("decision %s without a quote (%s): %s", r.requestId(), config.onPricingError(), e.getMessage());
        return withoutDependency(r, config.onPricingError(), "the worst case cannot be priced (pricing-service unavailable)");
    }

    private Response databaseDown(DecisionRequest.Valid r, Throwable e) {
        LOG.warnf("decision %s without the database (%s): %s", r.requestId(), config.onDatabaseError(), e.getMessage());
        return withoutDependency(r, config.onDatabaseError(), "budgets cannot be read (database unavailable)");
    }

    /** fail-open warns and lets the request through; fail-closed denies and says when to try again. */
    private static Response withoutDependency(DecisionRequest.Valid r, String policy, String why) {
        boolean open = "fail-open".equals(policy);
        Response.ResponseBuilder out = Response.ok(new DecisionView(open ? "warn" : "deny", r.requestId(), why + "; configured " + policy,
                open ? null : RETRY_WITHOUT_DEPENDENCY, List.of()));
        return open ? out.build() : out.header("Retry-After", RETRY_WITHOUT_DEPENDENCY).build();
    }

    /** The database cannot be reached (not: a statement failed, which is a bug and answers 500). */
    private static boolean isDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof java.net.ConnectException || name.contains("ClosedConnection") || name.startsWith("io.vertx.sqlclient")) {
                return true;
            }
        }
        return false;
    }
}
