package dev.tokenledger.budget.budget;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's budgets for decisions, read from PostgreSQL at most every two seconds per tenant
 * (a decision must not parse every budget of its tenant again). A change made through this
 * replica is seen at once; one made through another replica within two seconds.
 */
@ApplicationScoped
public class TenantBudgets {

    static final long TTL_NANOS = 2_000_000_000L;

    @Inject
    BudgetStore store;

    private record Loaded(long at, List<Budget> budgets) {
    }

    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    public Uni<List<Budget>> of(String tenant) {
        Loaded l = cache.get(tenant);
        long now = System.nanoTime();
        if (l != null && now - l.at() < TTL_NANOS) {
            return Uni.createFrom().item(l.budgets());
        }
        return store.ofTenants(List.of(tenant)).invoke(b -> cache.put(tenant, new Loaded(now, List.copyOf(b))));
    }

    public void changed(String tenant) {
        cache.remove(tenant);
    }
}
