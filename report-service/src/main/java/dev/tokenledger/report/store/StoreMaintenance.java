package dev.tokenledger.report.store;

import dev.tokenledger.report.config.ReportConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Every {@code maintenance-interval}: creates the month partitions of the next year ahead of the
 * events that will need them, and deletes raw events older than each tenant's retention (rollups
 * and session summaries are kept, so reports of old periods still answer).
 */
@ApplicationScoped
public class StoreMaintenance {

    private static final Logger LOG = Logger.getLogger(StoreMaintenance.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ReportConfig config;

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(1_000, config.maintenanceInterval().toMillis(), id -> run().subscribe().with(
                deleted -> {
                    if (deleted > 0) {
                        LOG.infof("retention: deleted %d raw events past their tenant's retention", deleted);
                    }
                },
                e -> LOG.warnf("store maintenance failed (retried next interval): %s", e.getMessage())));
    }

    /** Returns the number of raw events deleted. */
    public Uni<Integer> run() {
        return pool.query("SELECT report.ensure_month_partitions(date_trunc('month', now())::date, (now() + interval '12 months')::date)")
                .execute()
                .chain(() -> pool.query("""
                        DELETE FROM report.usage_event e USING report.tenant t
                        WHERE e.tenant_id = t.id AND e.occurred_at < now() - make_interval(days => t.retention_days)""").execute())
                .map(rows -> rows.rowCount());
    }
}
