package dev.tokenledger.budget.outbox;

import dev.tokenledger.budget.config.BudgetConfig;
import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.common.json.Json;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The only way a budget event reaches {@code budget.events}. Whoever raises events {@link #add}s them
 * in its own transaction, then asks for a {@link #relaySoon}; the relay publishes what is waiting
 * and deletes it once the broker has acknowledged it. Rows are taken with {@code SKIP LOCKED}, so
 * replicas relay side by side, and a timer picks up what a crashed replica left behind. Delivery
 * is at least once: a relay that dies after the broker's acknowledgement publishes again, and the
 * event id lets a consumer drop the repeat.
 */
@ApplicationScoped
public class BudgetEventOutbox {

    private static final Logger LOG = Logger.getLogger(BudgetEventOutbox.class);

    /** Rows one relay transaction publishes; the relay goes on while it finds a full batch. */
    static final int BATCH = 500;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    BudgetConfig config;

    @Inject
    @Channel("budget-events")
    MutinyEmitter<String> budgetEvents;

    private final AtomicBoolean relaying = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(config.outboxInterval().toMillis(), id -> relaySoon());
    }

    /** Stores events to publish, in the caller's transaction. */
    public Uni<Void> add(SqlConnection conn, List<BudgetEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(events.size());
        events.forEach(e -> rows.add(Tuple.of(e.tenantId(), e.eventId(), Json.write(e))));
        return conn.preparedQuery("INSERT INTO budget.event_outbox (tenant_id, event_id, payload) VALUES ($1, $2, $3)")
                .executeBatch(rows).replaceWithVoid();
    }

    /** Publishes what is waiting, now, in the background; a request during a relay runs one more after it. */
    public void relaySoon() {
        if (!relaying.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        relayAll().subscribe().with(n -> finished(), e -> {
            LOG.warnf("publishing budget events failed, they stay in the outbox and are retried: %s", e.toString());
            relaying.set(false);
        });
    }

    private void finished() {
        relaying.set(false);
        if (again.get()) {
            relaySoon();
        }
    }

    /** Relays batches until one is not full. @return how many events were published */
    public Uni<Integer> relayAll() {
        return relayBatch().chain(n -> n < BATCH ? Uni.createFrom().item(n) : relayAll().map(m -> n + m));
    }

    private Uni<Integer> relayBatch() {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT id, tenant_id, payload FROM budget.event_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(BATCH))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> ids = new ArrayList<>(rows.size());
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        sends.add(budgetEvents.sendMessage(Message.of(row.getString("payload"))
                                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(row.getString("tenant_id")).build())));
                    }
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> conn.preparedQuery("DELETE FROM budget.event_outbox WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids.toArray(Long[]::new))))
                            .replaceWith(ids.size());
                }));
    }
}
