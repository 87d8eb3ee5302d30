package dev.tokenledger.budget.budget;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's budgets for decisions, indexed by scope. Every two seconds per tenant the tenant's
 * budget version (raised by a trigger on every change) is compared, and the budgets are read and
 * parsed again only when it moved (a decision must not parse every budget of its tenant again, and
 * a tenant with 2,000 budgets must not hold an event loop every two seconds either). A change made
 * through this replica is seen at once; one made through another replica within about two seconds.
 * When the two seconds are up, decisions go on with the list they have while one check runs in the
 * background; only a tenant with no list at all waits for a load of its own. (A load shared between
 * requests would resume every waiting request on the first one's Vert.x context: requests hung.)
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
    /** Bumped by every change: a load that started before a change must not put its older list back. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    public Uni<List<Budget>> of(String tenant) {
        return indexOf(tenant).map(BudgetIndex::all);
    }

    public Uni<BudgetIndex> indexOf(String tenant) {
        Loaded l = cache.get(tenant);
        if (l == null) {
            return load(tenant, false);
        }
        if (System.nanoTime() - l.at() >= TTL_NANOS && reloading.putIfAbsent(tenant, Boolean.TRUE) == null) {
            refresh(tenant, l).eventually(() -> reloading.remove(tenant))
                    .subscribe().with(x -> { }, e -> LOG.warnf("reloading the budgets of %s failed: %s", tenant, e.getMessage()));
        }
        return Uni.createFrom().item(l.index());
    }

    /** The list stays when the tenant's version has not moved since it was read. */
    private Uni<BudgetIndex> refresh(String tenant, Loaded l) {
        long started = System.nanoTime();
        long generation = changes.get();
        return store.version(tenant).chain(version -> {
            if (version != l.version()) {
                // no request waits for this load: it parses on a worker thread, not on an event loop answering decisions
                return load(tenant, true);
            }
            if (changes.get() == generation) {
                cache.replace(tenant, l, new Loaded(started, version, l.index()));
            }
            return Uni.createFrom().item(l.index());
        });
    }

    private Uni<BudgetIndex> load(String tenant, boolean inBackground) {
        long started = System.nanoTime();
        long generation = changes.get();
        // the version first: a change between the two reads makes the next check read again
        return store.version(tenant).chain(version -> store.ofTenants(List.of(tenant), inBackground).map(budgets -> {
            BudgetIndex index = new BudgetIndex(budgets);
            if (changes.get() == generation) {
                cache.put(tenant, new Loaded(started, version, index));
            }
            return index;
        }));
    }

    public void changed(String tenant) {
        changes.incrementAndGet();
        cache.remove(tenant);
    }
}
