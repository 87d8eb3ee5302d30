package dev.tokenledger.notifier.inbox;

import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.notifier.config.NotifierConfig;
import dev.tokenledger.notifier.render.AlertText;
import dev.tokenledger.notifier.render.Notification;
import dev.tokenledger.notifier.routing.Router;
import dev.tokenledger.common.kafka.RecordFailures;
import dev.tokenledger.common.kafka.DeadLetters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Receives budget.events and anomaly.detected into the alert inbox, once per (tenant, event id),
 * and — in the same transaction — queues a delivery for every channel its routes name. A
 * redelivered record finds its alert already there and queues nothing, so it never sends twice.
 */
@ApplicationScoped
public class AlertInbox {

    private static final Logger LOG = Logger.getLogger(AlertInbox.class);

    @Inject
    Pool pool;

    @Inject
    Router router;

    @Inject
    NotifierConfig config;

    @Incoming("budget-events")
    public Uni<Void> budgetEvent(String json) {
        BudgetEvent e = Json.read(json, BudgetEvent.class);
        requireIds(e.tenantId(), e.eventId(), e.kind());
        return receive("budget.events", AlertText.budget(e), json);
    }

    @Incoming("anomaly-detected")
    public Uni<Void> anomaly(String json) {
        AnomalyDetected e = Json.read(json, AnomalyDetected.class);
        requireIds(e.tenantId(), e.eventId(), e.state());
        return receive("anomaly.detected", AlertText.anomaly(e, config.delivery().anomalyAlertTtl()), json);
    }

    private static void requireIds(String tenant, String eventId, String kind) {
        if (tenant == null || eventId == null || kind == null) {
            throw new IllegalArgumentException("an alert event needs tenant_id, event_id and its kind or state");
        }
    }

    private Uni<Void> receive(String topic, Notification n, String json) {
        Instant occurred = n.occurredAt() != null ? n.occurredAt() : Instant.now();
        Tuple row = Tuple.tuple().addString(n.tenantId()).addString(n.eventId()).addString(topic).addString(n.eventType())
                .addString(n.severity()).addOffsetDateTime(occurred.atOffset(ZoneOffset.UTC)).addJsonObject(new JsonObject(json));
        // an outage is waited out; a record the database keeps refusing fails here, and the
        // channel's dead-letter strategy moves it to <topic>.dlq so the alerts behind it go on
        return RecordFailures.untilDoneOrPoison("storing alert " + n.eventId(), () -> pool.withTransaction(conn -> conn.preparedQuery("""
                                INSERT INTO notifier.alert (tenant_id, dedupe_key, source_topic, kind, severity, occurred_at, payload)
                                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""")
                        .execute(row)
                        // seen before: its deliveries were queued with it, nothing more to do
                        .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(0) : router.route(conn, n, Instant.now()))),
                        () -> pool.query("SELECT 1").execute())
                .invoke(queued -> LOG.debugf("alert %s of %s: %d deliveries queued", n.eventId(), n.tenantId(), queued))
                .onFailure().invoke(f -> DeadLetters.count(topic, "refused"))
                .replaceWithVoid();
    }
}
