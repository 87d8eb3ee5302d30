package dev.tokenledger.ingest.usage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Storage of which events each tenant has already sent (table {@code ingest.event_receipt}). */
@ApplicationScoped
public class EventReceipts {

    @Inject
    Pool pool;

    public Uni<Set<String>> alreadyReceived(String tenantId, Collection<String> eventIds) {
        return pool.preparedQuery("SELECT event_id FROM ingest.event_receipt WHERE tenant_id = $1 AND event_id = ANY($2)")
                .execute(Tuple.of(tenantId, eventIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> seen = new HashSet<>();
                    for (Row row : rows) {
                        seen.add(row.getString(0));
                    }
                    return seen;
                });
    }

    /** Records receipts after the broker acknowledged the events, so a crash in between only causes a duplicate on the topic, never a loss. */
    public Uni<Void> record(String tenantId, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // one statement for the whole batch: unnest the ids array
        return pool.preparedQuery("INSERT INTO ingest.event_receipt (tenant_id, event_id) "
                        + "SELECT $1, id FROM unnest($2::text[]) AS id ON CONFLICT DO NOTHING")
                .execute(Tuple.of(tenantId, eventIds.toArray(String[]::new)))
                .replaceWithVoid();
    }
}
