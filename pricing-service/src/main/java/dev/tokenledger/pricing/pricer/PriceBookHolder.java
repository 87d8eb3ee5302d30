package dev.tokenledger.pricing.pricer;

import dev.tokenledger.pricing.catalogue.CatalogueStore;
import dev.tokenledger.pricing.config.PricingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The price book every event is priced with. Built once the catalogue is ready (events wait for
 * it rather than being priced against an empty book), rebuilt after every local catalogue write
 * and whenever another replica has written a newer version (checked every refresh interval).
 */
@ApplicationScoped
public class PriceBookHolder {

    private static final Logger LOG = Logger.getLogger(PriceBookHolder.class);

    @Inject
    CatalogueStore store;

    @Inject
    PricingConfig config;

    @Inject
    Vertx vertx;

    private final CompletableFuture<PriceBook> first = new CompletableFuture<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile PriceBook current;
    private volatile boolean started;

    /** The current book; waits for the first one. */
    public Uni<PriceBook> book() {
        PriceBook b = current;
        return b != null ? Uni.createFrom().item(b) : Uni.createFrom().completionStage(first);
    }

    public PriceBook currentOrNull() {
        return current;
    }

    public boolean isReady() {
        return current != null;
    }

    /** Called once the catalogue exists (after the bundled catalogue has been loaded, if it had to be). */
    public Uni<PriceBook> start() {
        started = true;
        return reload().invoke(b -> vertx.setPeriodic(config.refreshInterval().toMillis(), id -> refreshIfStale()));
    }

    /** Rebuilds the book after a catalogue write; before {@link #start()} (the bundled load) nothing is exposed yet. */
    public Uni<Void> reloadIfStarted() {
        return started ? reload().replaceWithVoid() : Uni.createFrom().voidItem();
    }

    private Uni<PriceBook> reload() {
        return store.latestVersion().chain(version -> Uni.combine().all().unis(store.liveEntries(), store.liveDiscounts()).asTuple()
                .map(t -> new PriceBook(version, t.getItem1(), t.getItem2())))
                .invoke(b -> {
                    PriceBook old = current;
                    if (old == null || b.version() >= old.version()) {
                        current = b;
                    }
                    first.complete(b);
                    LOG.infof("price book at catalogue version %d: %d public entries", b.version(), b.globalEntryCount());
                });
    }

    private void refreshIfStale() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        store.latestVersion()
                .chain(v -> current == null || v > current.version() ? reload().replaceWithVoid() : Uni.createFrom().voidItem())
                .subscribe().with(x -> refreshing.set(false), e -> {
                    refreshing.set(false);
                    LOG.warnf("could not refresh the price book: %s", e.getMessage());
                });
    }
}
