package dev.tokenledger.budget.allowance;

import dev.tokenledger.budget.budget.Budget;
import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.budget.decision.DecisionPolicy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This replica's allowances: busy budgets that opted in ({@code allowance_leases}) are decided in
 * memory, from a slice of their headroom leased in PostgreSQL, instead of taking the budget's row lock
 * for every decision. Such a decision is made from this replica's cached budget list, so a budget
 * made or edited through another replica reaches it only at the next version check (about two
 * seconds): that is why leases are a budget's choice and exact decisions the default.
 *
 * <ul>
 * <li>A budget that sees {@code activation-rate} exact decisions in a second here gets a lease
 *     ({@code budget.lease}): a share of its headroom below the warn threshold, reserved like a hold,
 *     so all replicas' leases and holds together stay within the limit.</li>
 * <li>A request whose every applying budget has an allowance that covers it and still reads "allow"
 *     is allowed at once. Its hold is written back in the next batch ({@code budget.convert_leases}),
 *     moving its amount out of the lease, so its priced event settles it as any other.</li>
 * <li>Anything else — a budget near its threshold, a request the slice cannot cover, a warn or a
 *     deny — goes the exact way; this replica first gives back its leases on those budgets so they
 *     are not counted against it.</li>
 * <li>Leases are topped up at half, renewed while used, given back after {@code idle-release}, and
 *     expire in PostgreSQL after {@code ttl} if the replica dies.</li>
 * </ul>
 */
@ApplicationScoped
public class Allowances {

    private static final Logger LOG = Logger.getLogger(Allowances.class);
    private static final int RECENT_REQUESTS = 50_000;
    private static final int MAX_WRITE_BACK = 2_000;
    private static final long WRITE_BACK_DELAY_MS = 50;
    private static final int MAX_HEAT = 10_000;

    @Inject
    Pool pool;

    @Inject
    BudgetConfig config;

    @Inject
    Vertx vertx;

    private final String replica = UUID.randomUUID().toString().substring(0, 13);
    private LeaseStore store;
    private final Map<Long, Allowance> byBudget = new HashMap<>();
    private final Map<Long, Heat> heat = new HashMap<>();
    private final RecentRequests recentlyAllowed = new RecentRequests(RECENT_REQUESTS);
    private final ConcurrentLinkedQueue<LeaseStore.Grant> pending = new ConcurrentLinkedQueue<>();
    /** Leases to give back, each after the requests allowed from it are written back (see {@link #writeBack}). */
    private final ConcurrentLinkedQueue<Release> releases = new ConcurrentLinkedQueue<>();
    private final AtomicLong leaseSequence = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean writeBackScheduled = new AtomicBoolean();
    private long maintenanceTimer = -1;
    private final AtomicLong allowedFromLeases = new AtomicLong();

    /** Exact decisions on one budget in the current second, and when a refused lease may be asked again. */
    private static final class Heat {
        long secondStart;
        int count;
        long noLeaseBefore;
    }

    /** A lease to give back, and who waits for it. */
    private record Release(Allowance allowance, CompletableFuture<Void> done) {
    }

    /** An answer from allowances: every applying budget's check; {@code already}: the request id was allowed here before. */
    public record Fast(List<DecisionPolicy.BudgetCheck> checks, boolean already) {
    }

    /** A second replica's allowances (tests): its own pool, the same settings. */
    public static Allowances standalone(Pool pool, BudgetConfig config, Vertx vertx) {
        Allowances a = new Allowances();
        a.pool = pool;
        a.config = config;
        a.vertx = vertx;
        a.start();
        return a;
    }

    void onStart(@Observes StartupEvent ev) {
        start();
    }

    void onStop(@Observes ShutdownEvent ev) {
        try {
            stop().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("giving back allowances at shutdown failed (their leases expire by themselves): %s", e.getMessage());
        }
    }

    private synchronized void start() {
        store = new LeaseStore(pool);
        if (config.allowance().enabled() && maintenanceTimer < 0) {
            maintenanceTimer = vertx.setPeriodic(1_000, id -> releaseIdle());
        }
    }

    /** Writes back every allowed request and gives every lease back. */
    public Uni<Void> stop() {
        List<Allowance> all;
        synchronized (this) {
            if (maintenanceTimer >= 0) {
                vertx.cancelTimer(maintenanceTimer);
                maintenanceTimer = -1;
            }
            all = new ArrayList<>(byBudget.values());
            byBudget.clear();
        }
        // every lease is given back after what was allowed from it, and whatever else is pending is written too
        return release(all).chain(this::drain);
    }

    /** Allows the request from this replica's allowances, or answers empty: then decide exactly. */
    public Optional<Fast> tryAllow(String tenant, String requestId, List<Budget> applying, Map<Long, BigDecimal> amounts, Instant now,
                                   Instant holdExpires) {
        if (!config.allowance().enabled() || applying.isEmpty() || !applying.stream().allMatch(Budget::allowanceLeases)) {
            return Optional.empty();
        }
        long nanos = System.nanoTime();
        List<Allowance> topUp = new ArrayList<>(0);
        Fast fast;
        synchronized (this) {
            List<Allowance> found = new ArrayList<>(applying.size());
            for (Budget b : applying) {
                Allowance a = byBudget.get(b.id());
                if (a == null || !a.usableFor(b, b.period().bucketAt(now, b.zone()), nanos)) {
                    return Optional.empty();
                }
                found.add(a);
            }
            if (recentlyAllowed.contains(tenant, requestId)) {
                return Optional.of(new Fast(found.stream().map(Allowance::checkAlready).toList(), true));
            }
            List<DecisionPolicy.BudgetCheck> checks = new ArrayList<>(found.size());
            for (Allowance a : found) {
                DecisionPolicy.BudgetCheck c = a.check(amounts.get(a.budget.id()));
                if (c == null) {
                    return Optional.empty();
                }
                checks.add(c);
            }
            for (Allowance a : found) {
                BigDecimal amount = amounts.get(a.budget.id());
                a.take(amount, nanos);
                pending.add(new LeaseStore.Grant(tenant, requestId, a.budget.id(), a.bucket, amount, holdExpires, a.leaseKey));
                if (a.wantsMore()) {
                    a.leasing = true;
                    topUp.add(a);
                }
            }
            recentlyAllowed.add(tenant, requestId);
            fast = new Fast(checks, false);
        }
        allowedFromLeases.incrementAndGet();
        writeBackSoon();
        topUp.forEach(a -> lease(a, amounts.get(a.budget.id()), now));
        return Optional.of(fast);
    }

    /**
     * Before an exact decision: give back this replica's leases on the budgets that could not allow
     * the request (near their warn point, or the slice used up), so the rest of a slice is not counted
     * against the request. A lease that could have allowed it stays: that budget is far from its
     * limit, and the request went the exact way for another budget.
     */
    public Uni<Void> releaseFor(List<Budget> applying, Map<Long, BigDecimal> amounts) {
        if (!config.allowance().enabled()) {
            return Uni.createFrom().voidItem();
        }
        List<Allowance> gone = new ArrayList<>(0);
        synchronized (this) {
            for (Budget b : applying) {
                Allowance a = byBudget.get(b.id());
                // one whose top-up is on its way stays too: what is left in it is less than this request
                if (a != null && !a.leasing && a.check(amounts.get(b.id())) == null) {
                    byBudget.remove(b.id());
                    gone.add(a);
                }
            }
        }
        return release(gone);
    }

    /** After an exact decision: a budget that keeps this replica busy gets an allowance. */
    public void noteExact(List<Budget> applying, Map<Long, BigDecimal> amounts, Instant now) {
        if (!config.allowance().enabled()) {
            return;
        }
        long nanos = System.nanoTime();
        List<Allowance> start = new ArrayList<>(0);
        synchronized (this) {
            if (heat.size() > MAX_HEAT) {
                heat.clear();
            }
            for (Budget b : applying) {
                Heat h = heat.computeIfAbsent(b.id(), id -> new Heat());
                if (nanos - h.secondStart >= 1_000_000_000L) {
                    h.secondStart = nanos;
                    h.count = 0;
                }
                h.count++;
                if (!b.allowanceLeases() || h.count < config.allowance().activationRate() || nanos - h.noLeaseBefore < 0
                        || byBudget.containsKey(b.id()) || b.isTripped()) {
                    continue;
                }
                Instant bucket = b.period().bucketAt(now, b.zone());
                // a key of its own per lease: grants of a lease given back can never be taken from the next one
                Allowance a = new Allowance(b, bucket, "lease:" + replica + ":" + bucket.getEpochSecond() + ":" + leaseSequence.incrementAndGet());
                a.leasing = true;
                a.lastUsedNanos = nanos;
                byBudget.put(b.id(), a);
                start.add(a);
            }
        }
        start.forEach(a -> lease(a, amounts.get(a.budget.id()), now));
    }

    /** How many requests this replica allowed from its leases since it started. */
    public long allowedFromLeases() {
        return allowedFromLeases.get();
    }

    private void lease(Allowance a, BigDecimal requestAmount, Instant now) {
        BudgetConfig.Allowances cfg = config.allowance();
        BigDecimal min = (requestAmount == null ? BigDecimal.ZERO : requestAmount).multiply(BigDecimal.valueOf(cfg.minRequests()));
        long sent = System.nanoTime();
        store.lease(a.budget, a.leaseKey, now, ceilingPercent(a.budget), cfg.fraction(), min, now.plus(cfg.ttl()))
                .subscribe().with(l -> leased(a, l, sent), e -> {
                    LOG.warnf("leasing an allowance of budget %d failed (decisions stay exact): %s", a.budget.id(), e.getMessage());
                    leased(a, new LeaseStore.Leased(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO), sent);
                });
    }

    private void leased(Allowance a, LeaseStore.Leased l, long sentNanos) {
        boolean orphan;
        synchronized (this) {
            orphan = byBudget.get(a.budget.id()) != a;
            if (!orphan) {
                a.leased(l.granted(), l.spent(), l.reserved(), l.own(), l.credit(), sentNanos + usableNanos());
                if (a.available.signum() <= 0) {
                    byBudget.remove(a.budget.id());
                    heat.computeIfAbsent(a.budget.id(), id -> new Heat()).noLeaseBefore = System.nanoTime() + 1_000_000_000L;
                }
            }
        }
        if (orphan && l.granted().signum() > 0) {
            // given back while the lease was on its way: give the slice back too
            release(List.of(a)).subscribe().with(x -> { }, e -> LOG.warnf("giving back a lease failed (it expires): %s", e.getMessage()));
        }
    }

    /** A lease is used until a fifth of its TTL before it would expire in PostgreSQL. */
    private long usableNanos() {
        return config.allowance().ttl().toNanos() * 4 / 5;
    }

    /** Leases stay below the highest threshold under 100 % (the warn point); alert-only budgets up to the limit. */
    static int ceilingPercent(Budget b) {
        if (b.enforcement() == Budget.Enforcement.ALERT) {
            return 100;
        }
        return b.thresholds().stream().filter(t -> t < 100).max(Integer::compare).orElse(100);
    }

    /**
     * Writes back within {@link #WRITE_BACK_DELAY_MS}: at 2,000 decisions/s, writing each batch as soon
     * as the last one was done made ~200 small transactions a second, and PostgreSQL used most of a
     * core for them; gathered for 50 ms they are ~20. The lease covers a request until its hold is
     * written, so the delay changes no decision.
     */
    private void writeBackSoon() {
        if (writeBackScheduled.compareAndSet(false, true)) {
            vertx.setTimer(WRITE_BACK_DELAY_MS, id -> {
                writeBackScheduled.set(false);
                writeBack();
            });
        }
    }

    /**
     * Batches allowed requests into one write-back at a time; what arrives meanwhile goes in the next.
     * Leases to give back go after the requests allowed from them: those requests were queued before
     * their lease left the map (both under this object's lock), so the releases taken before the
     * batch are done once the batch is written and the queue behind it was drained. Giving a lease
     * back first would free headroom that requests already allowed from it still need.
     */
    private void writeBack() {
        if ((pending.isEmpty() && releases.isEmpty()) || !writing.compareAndSet(false, true)) {
            return;
        }
        List<Release> due = new ArrayList<>();
        for (Release r; (r = releases.poll()) != null; ) {
            due.add(r);
        }
        List<LeaseStore.Grant> batch = new ArrayList<>();
        for (LeaseStore.Grant g; batch.size() < MAX_WRITE_BACK && (g = pending.poll()) != null; ) {
            batch.add(g);
        }
        if (!pending.isEmpty()) {
            releases.addAll(due); // more grants than one batch: the releases wait for the rest of them
            due.clear();
        }
        long sent = System.nanoTime();
        Uni<Void> written = batch.isEmpty() ? Uni.createFrom().voidItem()
                : store.writeBack(batch, Instant.now().plus(config.allowance().ttl())).invoke(n -> renewed(batch, sent)).replaceWithVoid();
        written.chain(() -> giveBack(due)).subscribe().with(x -> {
            due.forEach(r -> r.done().complete(null));
            writing.set(false);
            if (pending.size() >= MAX_WRITE_BACK || !releases.isEmpty()) {
                writeBack();
            } else if (!pending.isEmpty()) {
                writeBackSoon();
            }
        }, e -> {
            // retried: the write-back is idempotent (a request id holds once per budget), a release too
            LOG.warnf("writing back %d allowed requests / giving back %d leases failed, retrying: %s", batch.size(), due.size(), e.getMessage());
            pending.addAll(batch);
            releases.addAll(due);
            writing.set(false);
            vertx.setTimer(200, id -> writeBack());
        });
    }

    private Uni<Void> giveBack(List<Release> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(due).select().where(r -> r.allowance() != null) // drain markers release nothing
                .onItem().transformToUniAndConcatenate(r -> store.release(r.allowance().budget.tenantId(), r.allowance().leaseKey, r.allowance().budget.id()))
                .collect().last().replaceWithVoid();
    }

    /** Completes once everything queued so far is written and given back. */
    private Uni<Void> drain() {
        if (pending.isEmpty() && releases.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var marker = new CompletableFuture<Void>();
        releases.add(new Release(null, marker));
        writeBack();
        return Uni.createFrom().completionStage(marker);
    }

    private synchronized void renewed(List<LeaseStore.Grant> batch, long sentNanos) {
        long until = sentNanos + usableNanos();
        for (LeaseStore.Grant g : batch) {
            Allowance a = byBudget.get(g.budgetId());
            if (a != null && a.leaseKey.equals(g.leaseKey()) && until - a.usableUntilNanos > 0) {
                a.usableUntilNanos = until;
            }
        }
    }

    private void releaseIdle() {
        long nanos = System.nanoTime();
        long idle = config.allowance().idleRelease().toNanos();
        Instant now = Instant.now();
        List<Allowance> gone = new ArrayList<>(0);
        synchronized (this) {
            for (Iterator<Allowance> it = byBudget.values().iterator(); it.hasNext(); ) {
                Allowance a = it.next();
                boolean stale = nanos - a.lastUsedNanos > idle || nanos - a.usableUntilNanos >= 0
                        || !a.bucket.equals(a.budget.period().bucketAt(now, a.budget.zone()));
                if (!a.leasing && stale) {
                    it.remove();
                    gone.add(a);
                }
            }
        }
        if (!gone.isEmpty()) {
            release(gone).subscribe().with(x -> { }, e -> LOG.warnf("giving back idle leases failed (they expire): %s", e.getMessage()));
        }
    }

    /** Gives the leases back once the requests allowed from them are written back; completes when they are. */
    private Uni<Void> release(List<Allowance> gone) {
        if (gone.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CompletableFuture<Void>> done = new ArrayList<>(gone.size());
        for (Allowance a : gone) {
            var f = new CompletableFuture<Void>();
            releases.add(new Release(a, f));
            done.add(f);
        }
        writeBack();
        return Uni.createFrom().completionStage(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));
    }
}
