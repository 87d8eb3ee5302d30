package dev.tokenledger.notifier.inbox;

import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.events.LedgerEvent;
import dev.tokenledger.common.json.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.ZoneOffset;

/**
 * Receives budget.events and anomaly.detected into the alert inbox, once per (tenant, event id).
 * Delivery to channels builds on this inbox.
 */
@ApplicationScoped
public class AlertInbox {

    private static final Logger LOG = Logger.getLogger(AlertInbox.class);

    @Inject
    Pool pool;

    @Incoming("budget-events")
    public Uni<Void> budgetEvent(String json) {
        BudgetEvent e = Json.read(json, BudgetEvent.class);
        return receive("budget.events", e, e.kind(), e.severity(), json);
    }

    @Incoming("anomaly-detected")
    public Uni<Void> anomaly(String json) {
        AnomalyDetected e = Json.read(json, AnomalyDetected.class);
        return receive("anomaly.detected", e, "anomaly_" + e.state(), e.severity(), json);
    }

    private Uni<Void> receive(String topic, LedgerEvent e, String kind, String severity, String json) {
        if (e.tenantId() == null || e.eventId() == null) {
            throw new IllegalArgumentException("an alert event needs tenant_id and event_id");
        }
        Tuple row = Tuple.tuple().addString(e.tenantId()).addString(e.eventId()).addString(topic).addString(kind)
                .addString(severity != null ? severity : "info").addOffsetDateTime(e.occurredAt().atOffset(ZoneOffset.UTC))
                .addJsonObject(new JsonObject(json));
        return pool.preparedQuery("""
                        INSERT INTO notifier.alert (tenant_id, dedupe_key, source_topic, kind, severity, occurred_at, payload)
                        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""")
                .execute(row)
                .onFailure().invoke(f -> LOG.warnf("storing alert %s failed, retrying: %s", e.eventId(), f.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .replaceWithVoid();
    }
}
