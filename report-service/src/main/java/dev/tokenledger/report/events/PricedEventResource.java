package dev.tokenledger.report.events;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/usage-events}: the caller's tenant's newest priced events. */
@Path("/v1/usage-events")
public class PricedEventResource {

    @Inject
    Caller caller;

    public record EventView(String eventId, Instant occurredAt, String provider, String model, String pricingStatus,
                            Money cost, long inputTokens, long outputTokens, String project) {
    }

    public record EventList(List<EventView> items) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<EventList> list(@QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.validation("/limit", "must be between 1 and 1000");
        }
        String tenant = caller.tenantId();
        return PricedEvent.<PricedEvent>find("tenantId", Sort.descending("occurredAt", "eventId"), tenant)
                .page(0, limit).list()
                .map(rows -> new EventList(rows.stream().map(e -> new EventView(e.eventId, e.occurredAt, e.provider, e.model,
                        e.pricingStatus, e.cost == null ? null : Money.of(e.cost, e.currency), e.inputTokens, e.outputTokens,
                        e.project)).toList()));
    }
}
