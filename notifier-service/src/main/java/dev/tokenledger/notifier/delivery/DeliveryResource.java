package dev.tokenledger.notifier.delivery;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The delivery log of the caller's tenant; another tenant's delivery is 404. */
@Path("/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    @Inject
    Caller caller;

    @Inject
    DeliveryStore store;

    public record DeliveryView(long id, long channelId, String eventId, String eventType, String severity, String status, int attempts,
                               Instant nextAttemptAt, boolean heldForQuietHours, String lastError, Instant createdAt, Instant updatedAt,
                               Instant deliveredAt, String text, List<DeliveryStore.Attempt> attemptLog) {
        public static DeliveryView of(Delivery d, List<DeliveryStore.Attempt> log) {
            return new DeliveryView(d.id(), d.channelId(), d.dedupeKey(), d.eventType(), d.severity(), d.status(), d.attempts(),
                    Delivery.PENDING.equals(d.status()) ? d.nextAttemptAt() : null, d.heldForQuiet(), d.lastError(), d.createdAt(),
                    d.updatedAt(), d.deliveredAt(), d.notification().text(), log);
        }
    }

    public record DeliveryList(List<DeliveryView> items, String nextCursor) {
    }

    /** Newest first; {@code channel_id} and {@code status} filter; {@code cursor} is the previous page's {@code next_cursor}. */
    @GET
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<DeliveryList> list(@QueryParam("channel_id") Long channelId, @QueryParam("status") String status,
                                  @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (status != null && !Set.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.DEAD).contains(status)) {
            errors.add(new Problem.FieldError("/status", "must be one of [pending, delivered, dead]"));
        }
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 500) {
            errors.add(new Problem.FieldError("/limit", "must be from 1 to 500"));
        }
        long before = Long.MAX_VALUE;
        try {
            before = cursor == null ? Long.MAX_VALUE : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError("/cursor", "is not a cursor this service gave out"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return store.list(caller.tenantId(), channelId, status, before, n).map(rows -> new DeliveryList(
                rows.stream().map(d -> DeliveryView.of(d, null)).toList(),
                rows.size() == n ? Long.toString(rows.get(rows.size() - 1).id()) : null));
    }

    /** One delivery with every attempt (time, outcome, HTTP status, error). */
    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<DeliveryView> get(@PathParam("id") long id) {
        return store.find(caller.tenantId(), id).chain(d -> {
            if (d == null) {
                throw ProblemException.notFound("delivery " + id);
            }
            return store.attempts(id).map(log -> DeliveryView.of(d, log));
        });
    }

    /** Re-queues a dead-lettered delivery (e.g. after the receiver was fixed). */
    @POST
    @Path("/{id}/retry")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<DeliveryView> retry(@PathParam("id") long id) {
        return store.retry(caller.tenantId(), id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("dead-lettered delivery " + id);
            }
            return DeliveryView.of(d, null);
        });
    }
}
