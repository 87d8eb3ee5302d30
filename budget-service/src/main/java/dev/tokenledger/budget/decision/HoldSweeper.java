package dev.tokenledger.budget.decision;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Releases holds whose TTL ran out without a priced event, every 30 s (decisions also release the
 * expired holds of the budgets they lock), so that reservations never leak.
 */
@ApplicationScoped
public class HoldSweeper {

    private static final Logger LOG = Logger.getLogger(HoldSweeper.class);

    @Inject
    DecisionService decisions;

    @Inject
    Vertx vertx;

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(30_000, id -> decisions.releaseAllExpired().subscribe()
                .with(x -> { }, e -> LOG.warnf("releasing expired holds failed (retried in 30 s): %s", e.getMessage())));
    }
}
