package dev.tokenledger.budget.decision;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.budget.TenantBudgets;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.budget.counter.CounterReads;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static dev.tokenledger.common.money.Decimals.plain;

/**
 * The answer to {@code POST /v1/decisions} ({@link DecisionRoute} is its HTTP side): allow / warn /
 * deny with every budget that applied. A deny carries the reason and the seconds until the period
 * resets; an answer without a dependency (database, pricing) follows the configured fail-open or
 * fail-closed policy.
 */
@ApplicationScoped
public class DecisionAnswers {

    @Inject
    Clock clock;

    private static final Logger LOG = Logger.getLogger(DecisionAnswers.class);
    private static final long RETRY_WITHOUT_DEPENDENCY = 5;
    private static final int MAX_STALE_ATTEMPTS = 4;

    @Inject
    TenantBudgets budgets;

    @Inject
    DecisionService decisions;

    @Inject
    WorstCaseQuotes quotes;

    @Inject
    BudgetConfig config;

    @Inject
    Pool pool;

    public record BudgetView(long id, String name, String unit, String enforcement, String limit, String spent, String reserved,
                             String remaining, String request, Instant resetAt, String outcome, String reason) {
    }

    /** The body of the answer; {@code retryAfterSeconds}, when set, is also sent as {@code Retry-After}. */
    public record DecisionView(String decision, String requestId, String reason, Long retryAfterSeconds, List<BudgetView> budgets) {
    }

    /**
     * @param authorization the caller's own credential as an {@code Authorization} value: the quote
     *                      is asked with it
     */
    public Uni<DecisionView> decide(String tenant, String authorization, DecisionRequest.Valid r) {
        return decide(tenant, authorization, r, 1).onFailure(DecisionAnswers::isDatabase).recoverWithItem(e -> databaseDown(r, e))
                .onFailure(DecisionService.StaleBudgets.class).recoverWithItem(e -> withoutDependency(r, config.onDatabaseError(),
                        "the tenant's budgets kept changing while the decision was made"));
    }

    /** Budgets that changed under the decision are read again; a tenant whose budgets keep changing is answered as a database failure. */
    private Uni<DecisionView> decide(String tenant, String authorization, DecisionRequest.Valid r, int attempt) {
        Instant now = clock.instant();
        return budgets.indexOf(tenant).chain(index -> {
            List<Budget> applying = index.applying(r.attribution(), r.provider(), r.model());
            if (applying.stream().anyMatch(Budget::isTripped)) {
                return tripped(r, applying, now);
            }
            return amounts(tenant, authorization, r, applying)
                    .chain(amounts -> decisions.decide(tenant, r.requestId(), index.version(), applying, amounts, now, r.hold()))
                    .map(d -> view(r, d, now))
                    .onFailure(WorstCaseQuotes.Unpriceable.class).recoverWithItem(e -> unpriceable(r, applying, e.getMessage()))
                    .onFailure(WorstCaseQuotes.PricingUnavailable.class).recoverWithItem(e -> pricingDown(r, e));
        }).onFailure(DecisionService.StaleBudgets.class).recoverWithUni(e -> {
            if (attempt >= MAX_STALE_ATTEMPTS) {
                return Uni.createFrom().failure(e);
            }
            budgets.stale(tenant, ((DecisionService.StaleBudgets) e).version());
            return decide(tenant, authorization, r, attempt + 1);
        }).onFailure(DecisionAnswers::isDeadlock).recoverWithUni(e -> {
            // the reservation lost a lock-order race against a batch of settlements and was rolled back whole: ask again
            if (attempt >= MAX_STALE_ATTEMPTS) {
                return Uni.createFrom().failure(e);
            }
            return decide(tenant, authorization, r, attempt + 1);
        });
    }

    /** PostgreSQL chose this transaction as a deadlock's victim (or could not serialise it): nothing of it was kept. */
    private static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /** A tripped kill switch denies without reserving anything; the answer shows the real figures. */
    private Uni<DecisionView> tripped(DecisionRequest.Valid r, List<Budget> applying, Instant now) {
        List<Budget> tripped = applying.stream().filter(Budget::isTripped).toList();
        return Multi.createFrom().iterable(tripped)
                .onItem().transformToUniAndConcatenate(b -> CounterReads.usage(pool, b, now)
                        .map(u -> DecisionPolicy.check(b, u.spent(), u.reserved(), BigDecimal.ZERO, u.credit())))
                .collect().asList()
                .map(checks -> {
                    Map<Long, Instant> resets = new HashMap<>();
                    tripped.forEach(b -> resets.put(b.id(), b.period().resetAfter(now, b.zone())));
                    return view(r, new DecisionService.Decision(DecisionPolicy.Outcome.DENY, checks, resets, false), now);
                });
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

    private static DecisionView view(DecisionRequest.Valid r, DecisionService.Decision d, Instant now) {
        List<BudgetView> views = d.checks().stream().map(c -> new BudgetView(c.budget().id(), c.budget().name(), c.budget().unit().wireName(),
                c.budget().enforcement().wireName(), plain(c.limit()), plain(c.spent()), plain(c.reserved()), plain(c.remaining()),
                plain(c.request()), d.resetAt().get(c.budget().id()), c.outcome().name().toLowerCase(Locale.ROOT), c.reason())).toList();
        String decision = d.outcome().name().toLowerCase(Locale.ROOT);
        List<DecisionPolicy.BudgetCheck> denials = DecisionPolicy.denials(d.checks());
        String reason = d.checks().stream().filter(c -> c.outcome() == d.outcome() && c.reason() != null).map(DecisionPolicy.BudgetCheck::reason)
                .findFirst().orElse(null);
        Long retryAfter = null;
        if (!denials.isEmpty()) {
            Instant reset = denials.stream().map(c -> d.resetAt().get(c.budget().id())).filter(Objects::nonNull)
                    .max(Instant::compareTo).orElse(null);
            retryAfter = reset == null ? null : Math.max(1, Duration.between(now, reset).toSeconds());
        }
        return new DecisionView(decision, r.requestId(), reason, retryAfter, views);
    }

    private static DecisionView unpriceable(DecisionRequest.Valid r, List<Budget> applying, String reason) {
        // unknown is never $0: a blocking money budget cannot be checked, so it denies; others warn
        boolean block = applying.stream().anyMatch(b -> b.unit() == Budget.Unit.USD && b.enforcement() == Budget.Enforcement.BLOCK);
        return new DecisionView(block ? "deny" : "warn", r.requestId(), reason, null, List.of());
    }

    private DecisionView pricingDown(DecisionRequest.Valid r, Throwable e) {
        LOG.warnf("decision %s without a quote (%s): %s", r.requestId(), config.onPricingError(), e.getMessage());
        return withoutDependency(r, config.onPricingError(), "the worst case cannot be priced (pricing-service unavailable)");
    }

    private DecisionView databaseDown(DecisionRequest.Valid r, Throwable e) {
        LOG.warnf("decision %s without the database (%s): %s", r.requestId(), config.onDatabaseError(), e.getMessage());
        return withoutDependency(r, config.onDatabaseError(), "budgets cannot be read (database unavailable)");
    }

    /** fail-open warns and lets the request through; fail-closed denies and says when to try again. */
    private static DecisionView withoutDependency(DecisionRequest.Valid r, String policy, String why) {
        boolean open = "fail-open".equals(policy);
        return new DecisionView(open ? "warn" : "deny", r.requestId(), why + "; configured " + policy, open ? null : RETRY_WITHOUT_DEPENDENCY,
                List.of());
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
