package dev.tokenledger.budget.budget;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tenant's budgets for decisions, indexed by scope. Every two seconds per tenant the tenant's
 * budget version (raised by a trigger on every change) is compared, and the budgets are read and
 * parsed again only when it moved (a decision must not parse every budget of its tenant again, and
 * a tenant with 2,000 budgets must not hold an event loop every two seconds either). A change made
 * through this replica is seen at once; one made through another replica within about two seconds.
 * When the two seconds are up, decisions go on with the list they have while one check runs in the
 * background.
 *
 * <p>A tenant with no list (first use, or just changed through this replica) is loaded once for
 * all the decisions that arrive meanwhile: with one load per decision, a budget edit under 2,000
 * decisions/s started dozens of reads of thousands of budgets at once. Each waiting decision
 * resumes on its own Vert.x context (resuming them all on the loader's context hung requests).
 */
@ApplicationScoped
public class TenantBudgets {

    static final long TTL_NANOS = 2_000_000_000L;
    private static final Logger LOG = Logger.getLogger(TenantBudgets.class);

    @Inject
    BudgetStore store;

    private record Loaded(long at, long version, BudgetIndex index) {
    }

    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reloading = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<BudgetIndex>> loading = new ConcurrentHashMap<>();
    /** The list a change made stale: what did not change in it is reused by the next load. */
    private final Map<String, BudgetIndex> retired = new ConcurrentHashMap<>();
    /** Bumped by every change: a load that started before a change must not put its older list back. */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong waitedLoads = new AtomicLong();

    public Uni<List<Budget>> of(String tenant) {
        return indexOf(tenant).map(BudgetIndex::all);
    }

    public Uni<BudgetIndex> indexOf(String tenant) {
        Loaded l = cache.get(tenant);
        if (l == null) {
            return shared(tenant);
        }
        if (System.nanoTime() - l.at() >= TTL_NANOS && reloading.putIfAbsent(tenant, Boolean.TRUE) == null) {
            refresh(tenant, l).eventually(() -> reloading.remove(tenant))
                    .subscribe().with(x -> { }, e -> LOG.warnf("reloading the budgets of %s failed: %s", tenant, e.getMessage()));
        }
        return Uni.createFrom().item(l.index());
    }

    /** Joins the load in flight for the tenant, or starts it. */
    private Uni<BudgetIndex> shared(String tenant) {
        CompletableFuture<BudgetIndex> mine = new CompletableFuture<>();
        CompletableFuture<BudgetIndex> running = loading.putIfAbsent(tenant, mine);
        if (running == null) {
            running = mine;
            waitedLoads.incrementAndGet();
            BudgetIndex previous = retired.get(tenant);
            load(tenant, true, previous).subscribe().with(index -> {
                loading.remove(tenant, mine);
                if (previous != null) {
                    retired.remove(tenant, previous);
                }
                mine.complete(index);
            }, e -> {
                loading.remove(tenant, mine);
                mine.completeExceptionally(e);
            });
        }
        Uni<BudgetIndex> loaded = Uni.createFrom().completionStage(running);
        Context context = Vertx.currentContext();
        return context == null ? loaded : loaded.emitOn(task -> context.runOnContext(x -> task.run()));
    }

    /** The list stays when the tenant's version has not moved since it was read. */
    private Uni<BudgetIndex> refresh(String tenant, Loaded l) {
        long started = System.nanoTime();
        long generation = changes.get();
        return store.version(tenant).chain(version -> {
            if (version != l.version()) {
                // no request waits for this load: it parses on a worker thread, not on an event loop answering decisions
                return load(tenant, true, l.index());
            }
            if (changes.get() == generation) {
                cache.replace(tenant, l, new Loaded(started, version, l.index()));
            }
            return Uni.createFrom().item(l.index());
        });
    }

    /** Reads and indexes the tenant's budgets; parsed on a worker thread. */
    private Uni<BudgetIndex> load(String tenant, boolean onWorker, BudgetIndex previous) {
        long started = System.nanoTime();
        long generation = changes.get();
        // the version first: a change between the two reads makes the next check read again
        return store.version(tenant).chain(version -> store.ofTenants(List.of(tenant), onWorker).map(budgets -> {
            BudgetIndex index = new BudgetIndex(previous == null ? budgets : unchangedKept(previous, budgets), version);
            if (changes.get() == generation) {
                cache.put(tenant, new Loaded(started, version, index));
            }
            return index;
        }));
    }

    /**
     * The budgets just read, with each one that did not change replaced by the instance already in
     * use: one edit in a tenant of thousands of budgets then leaves thousands of fresh copies to die
     * young, instead of making the collector copy and promote them all.
     */
    static List<Budget> unchangedKept(BudgetIndex previous, List<Budget> read) {
        Map<Long, Budget> before = new HashMap<>();
        previous.all().forEach(b -> before.put(b.id(), b));
        List<Budget> out = new ArrayList<>(read.size());
        for (Budget b : read) {
            Budget old = before.get(b.id());
            out.add(b.equals(old) ? old : b);
        }
        return out;
    }

    /** The cached index of the tenant if it was read at exactly this version, else null. */
    public BudgetIndex at(String tenant, long version) {
        Loaded l = cache.get(tenant);
        return l != null && l.version() == version ? l.index() : null;
    }

    /** Taken before reading a version and a list to {@link #offer} later. */
    public long generation() {
        return changes.get();
    }

    /**
     * A list read elsewhere (the counting transaction) at this version or later: cached unless a change
     * through this replica came since {@code generation}, or the cache holds a newer version.
     */
    public void offer(String tenant, long version, long generation, BudgetIndex index) {
        Loaded offered = new Loaded(System.nanoTime(), version, index);
        cache.merge(tenant, offered, (held, neu) -> held.version() >= neu.version() ? held : neu);
        if (changes.get() != generation) {
            cache.remove(tenant, offered); // a change raced the read: the next use reads again
        }
    }

    /** Loads that decisions waited for: one per change, however many decisions arrive meanwhile. */
    long waitedLoads() {
        return waitedLoads.get();
    }

    /**
     * PostgreSQL found the tenant's budgets past {@code version} (changed through another replica):
     * the list of that version goes, and the next decisions share one new read. A load already on its
     * way is kept: it started later and may well be newer; if it is not, it is found stale in turn.
     */
    public void stale(String tenant, long version) {
        Loaded l = cache.get(tenant);
        if (l != null && l.version() <= version && cache.remove(tenant, l)) {
            retired.put(tenant, l.index());
        }
    }

    /** A budget of the tenant changed through this replica: the next decision reads the budgets again. */
    public void changed(String tenant) {
        changes.incrementAndGet();
        Loaded stale = cache.remove(tenant);
        if (stale != null) {
            retired.put(tenant, stale.index());
        }
        // a load already on its way may have read before the change: decisions from now on wait for a new one
        loading.remove(tenant);
    }
}
