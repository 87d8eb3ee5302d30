package dev.tokenledger.report.operations;

import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.kafka.DeadLetterShelf;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The platform's dead letters: records a consumer gave up on (unreadable, or refused every attempt
 * while its database answered), listed per dead-letter topic and replayed to their source topic
 * once the cause is fixed. Platform admins only: a dead letter can belong to any tenant.
 */
@Path("/v1/admin/dead-letters")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    static final int MAX_LIMIT = 500;

    @Inject
    DeadLetterShelf shelf;

    @Inject
    Caller caller;

    @Inject
    AuditTrail audit;

    @Inject
    Pool pool;

    public record Overview(List<DeadLetterShelf.Shelf> topics) {
    }

    public record Listing(String topic, List<DeadLetterShelf.Letter> items) {
    }

    public record ReplayResult(String deadLetter, DeadLetterShelf.Replayed replayedTo) {
    }

    /** Every dead-letter topic and how many records it holds. */
    @GET
    public Uni<Overview> overview() {
        return blocking(() -> new Overview(shelf.shelves()));
    }

    /** The newest dead letters of one topic, newest first, with the reason, the consumer and the original record. */
    @GET
    @Path("/{topic}")
    public Uni<Listing> list(@PathParam("topic") String topic, @QueryParam("limit") @DefaultValue("50") int limit) {
        // a limit that is not a number is refused by the shared parameter handling (400 naming it)
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.validation("/limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return blocking(() -> new Listing(topic, shelf.newest(topic, limit)));
    }

    /**
     * Sends one dead letter back to its source topic. Consumers are idempotent on (tenant, event id):
     * a replay counts the record once, however often it is replayed.
     */
    @POST
    @Path("/{topic}/{partition}/{offset}/replay")
    public Uni<ReplayResult> replay(@PathParam("topic") String topic, @PathParam("partition") int partition,
                                    @PathParam("offset") long offset) {
        String letter = topic + "/" + partition + "@" + offset;
        AuditTrail.Actor actor = AuditTrail.Actor.of(caller);
        return blocking(() -> shelf.replay(topic, partition, offset))
                .chain(to -> pool.withTransaction(tx -> audit.record(tx, actor, "*", "replay", "dead-letter", letter,
                                null, Map.of("replayed_to", to.topic() + "/" + to.partition() + "@" + to.offset())))
                        .replaceWith(new ReplayResult(letter, to)));
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(DeadLetterShelf.NotFound.class).transform(e -> ProblemException.notFound(e.getMessage()));
    }
}
