package dev.tokenledger.report.live;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/live?session=…}: a session's calls as server-sent events, as the store records
 * them (the tenant is the caller's). Each event's id is its sequence number: reconnecting with
 * {@code Last-Event-ID} resumes after it. A comment at once and every 15 s keeps proxies from closing
 * the stream. A redelivered or re-priced event may be sent again with the same {@code event_id}.
 */
@Path("/v1/live")
@RolesAllowed({Roles.TENANT_VIEWER, Roles.TENANT_ADMIN})
public class LiveResource {

    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    @Inject
    Caller caller;

    @Inject
    LiveFeed feed;

    @Context
    Sse sse;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "A session's calls as they are recorded (server-sent events, resumable with Last-Event-ID)")
    public Multi<OutboundSseEvent> follow(@QueryParam("session") String session, @HeaderParam("Last-Event-ID") String lastEventId) {
        if (session == null || session.isBlank()) {
            throw ProblemException.validation("/session", "is required: the session to follow");
        }
        long after;
        try {
            after = lastEventId == null || lastEventId.isBlank() ? 0 : Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.validation("Last-Event-ID", "must be the id of an event this stream sent");
        }
        Multi<OutboundSseEvent> updates = feed.follow(caller.tenantId(), session, after)
                .map(u -> sse.newEventBuilder().id(Long.toString(u.id())).name("usage").mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(Json.write(view(u))).build());
        // the first heartbeat at once: a client knows its subscription is in place when it arrives
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(HEARTBEAT)
                .map(t -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(updates, heartbeats);
    }

    private static Map<String, Object> view(LiveFeed.Update u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("event_id", u.eventId());
        v.put("occurred_at", u.occurredAt().toString());
        v.put("session", u.session());
        v.put("project", u.project());
        v.put("model", u.model());
        v.put("status", u.status());
        v.put("tokens", u.tokens());
        v.put("cost", u.cost() == null ? null : Map.of("amount", u.cost().toPlainString(), "currency", u.currency()));
        return v;
    }
}
