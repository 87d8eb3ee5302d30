package dev.tokenledger.ingest.providerkey;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's way to a tenant's stored provider key: opened from the database once per
 * {@link ProviderKeyConfig#cacheFor()} and kept in memory only (a change on this replica applies at
 * once; on another replica within the cache time).
 */
@ApplicationScoped
public class ManagedProviderKeys {

    private record Opened(Optional<String> key, long until) {
    }

    @Inject
    Provider<ProviderKeyStore> store;

    @Inject
    ProviderKeyConfig config;

    private final ConcurrentHashMap<String, Opened> opened = new ConcurrentHashMap<>();

    /** The active key of {@code tenant} for {@code provider} named {@code name}, or empty. */
    public Uni<Optional<String>> key(String tenant, String provider, String name) {
        String k = cacheKey(tenant, provider, name);
        Opened o = opened.get(k);
        long now = System.nanoTime();
        if (o != null && now - o.until() < 0) {
            return Uni.createFrom().item(o.key());
        }
        return store.get().open(tenant, provider, name)
                .invoke(key -> opened.put(k, new Opened(key, System.nanoTime() + config.cacheFor().toNanos())));
    }

    public boolean enabled() {
        return store.get().enabled();
    }

    void forget(String tenant, String provider, String name) {
        opened.remove(cacheKey(tenant, provider, name));
    }

    private static String cacheKey(String tenant, String provider, String name) {
        return tenant + '\n' + provider + '\n' + name;
    }
}
