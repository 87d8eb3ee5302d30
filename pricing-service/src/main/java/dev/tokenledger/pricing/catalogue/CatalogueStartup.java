package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.pricing.config.PricingConfig;
import dev.tokenledger.pricing.importer.BundledCatalogue;
import dev.tokenledger.pricing.pricer.PriceBookHolder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * On start: if the public catalogue has no version yet, import the bundled price lists (one
 * version each; with several replicas starting at once only the first does it), then build the
 * price book. The usage stream waits for the book.
 */
@ApplicationScoped
public class CatalogueStartup {

    private static final Logger LOG = Logger.getLogger(CatalogueStartup.class);
    static final String AUTHOR = "tokenledger";

    @Inject
    CatalogueService catalogue;

    @Inject
    CatalogueStore store;

    @Inject
    PriceBookHolder books;

    @Inject
    PricingConfig config;

    void onStart(@Observes StartupEvent ev) {
        Uni<Void> bundled = config.loadBundledCatalogue() ? loadBundled() : Uni.createFrom().voidItem();
        bundled.chain(books::start)
                .onFailure().invoke(e -> LOG.warnf(e, "catalogue not ready yet, retrying: %s", e.getMessage()))
                .onFailure().retry().withBackOff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10)).indefinitely()
                .subscribe().with(b -> { }, e -> LOG.error("price book not started", e));
    }

    private Uni<Void> loadBundled() {
        return store.hasGlobalVersion().chain(exists -> {
            if (exists) {
                return Uni.createFrom().voidItem();
            }
            long started = System.nanoTime();
            Uni<Boolean> chain = Uni.createFrom().item(true);
            boolean first = true;
            for (BundledCatalogue.PriceList list : BundledCatalogue.LISTS) {
                boolean onlyIfEmpty = first;
                first = false;
                // the first list is written only if still no version exists: of several replicas starting together, one loads
                chain = chain.chain(go -> !go ? Uni.createFrom().item(false) : Uni.createFrom().item(list::read)
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(read -> catalogue.importList(read, list.effectiveFrom(), AuditTrail.Actor.system(AUTHOR),
                                "bundled default catalogue: " + list.description(), onlyIfEmpty))
                        .map(result -> result != null));
            }
            return chain.invoke(loaded -> {
                if (loaded) {
                    LOG.infof("bundled catalogue loaded: %d price lists in %d ms", BundledCatalogue.LISTS.size(),
                            (System.nanoTime() - started) / 1_000_000);
                }
            }).replaceWithVoid();
        });
    }
}
