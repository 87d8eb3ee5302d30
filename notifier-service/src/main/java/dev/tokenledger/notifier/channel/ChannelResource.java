package dev.tokenledger.notifier.channel;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.notifier.delivery.DeliveryResource.DeliveryView;
import dev.tokenledger.notifier.delivery.DeliveryStore;
import dev.tokenledger.notifier.render.Notification;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Channels of the caller's tenant: tenant admins change and test them, viewers read them; another tenant's channel is 404. */
@Path("/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelResource {

    @Inject
    Caller caller;

    @Inject
    ChannelStore store;

    @Inject
    TargetPolicy policy;

    @Inject
    DeliveryStore deliveries;

    /**
     * {@code secret} (webhooks) only in the answers to create and to rotate-secret, and the whole
     * {@code url} only in the answer to create: store them, they are not shown again (see {@link Channel#shownUrl}).
     */
    public record ChannelView(long id, String name, String type, String url, List<String> recipients, String secret, int consecutiveFailures,
                              Instant circuitOpenUntil, Instant createdAt) {
        static ChannelView created(Channel c) {
            return of(c, true, c.url());
        }

        static ChannelView of(Channel c, boolean withSecret) {
            return of(c, withSecret, c.shownUrl());
        }

        private static ChannelView of(Channel c, boolean withSecret, String url) {
            return new ChannelView(c.id(), c.name(), c.type().wireName(), url, c.recipients(), withSecret ? c.secret() : null,
                    c.failures(), c.circuitOpenUntil() != null && c.circuitOpenUntil().isAfter(Instant.now()) ? c.circuitOpenUntil() : null,
                    c.createdAt());
        }
    }

    public record ChannelList(List<ChannelView> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @ResponseStatus(201)
    public Uni<ChannelView> create(ChannelRequest request) {
        String tenant = caller.tenantId();
        return Uni.createFrom().item(() -> body(request).validate(policy)) // resolves the host: off the event loop
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(valid -> store.create(caller, valid)).map(ChannelView::created);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<ChannelView> update(@PathParam("id") long id, ChannelRequest request) {
        String tenant = caller.tenantId();
        ChannelRequest asked = body(request);
        // validated with the url it has; the store keeps whatever url the channel has when it writes
        return store.find(tenant, id).map(before -> found(before, id))
                .map(before -> keptUrl(asked, before) ? Map.entry(new ChannelRequest(asked.name(), asked.type(), before.url(), asked.recipients()), true)
                        : Map.entry(asked, false))
                .emitOn(Infrastructure.getDefaultWorkerPool()) // validation resolves the host: off the event loop
                .map(r -> Map.entry(r.getKey().validate(policy), r.getValue()))
                .chain(v -> store.update(caller, id, v.getKey(), v.getValue())).map(c -> ChannelView.of(found(c, id), false));
    }

    /** Deletes the channel; its pending deliveries are dead-lettered. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<Void> delete(@PathParam("id") long id) {
        return store.delete(caller, id).invoke(ok -> {
            if (!ok) {
                throw ProblemException.notFound("channel " + id);
            }
        }).replaceWithVoid();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<ChannelView> get(@PathParam("id") long id) {
        return store.find(caller.tenantId(), id).map(c -> ChannelView.of(found(c, id), false));
    }

    @GET
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<ChannelList> list() {
        return store.list(caller.tenantId()).map(all -> new ChannelList(all.stream().map(c -> ChannelView.of(c, false)).toList()));
    }

    /** A new webhook signing secret, shown in this answer only; the old one stops signing at once. */
    @POST
    @Path("/{id}/rotate-secret")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<ChannelView> rotateSecret(@PathParam("id") long id) {
        String tenant = caller.tenantId();
        return store.rotateSecret(caller, id).chain(c -> c != null ? Uni.createFrom().item(ChannelView.of(c, true))
                : store.find(tenant, id).map(other -> {
                    throw other == null ? ProblemException.notFound("channel " + id)
                            : ProblemException.conflict("only a webhook channel has a signing secret");
                }));
    }

    /** Queues a test notification for the channel (202); its fate is in {@code GET /v1/deliveries/{id}}. */
    @POST
    @Path("/{id}/test")
    @RolesAllowed(Roles.TENANT_ADMIN)
    @ResponseStatus(202)
    public Uni<DeliveryView> test(@PathParam("id") long id) {
        String tenant = caller.tenantId();
        String who = caller.subject();
        return store.find(tenant, id).chain(c -> {
            found(c, id);
            Instant now = Instant.now();
            String eventId = "test:" + UUID.randomUUID();
            Notification n = new Notification(tenant, eventId, "test", "info", null, true, now,
                    "ℹ test notification from tokenledger for channel '" + c.name() + "' (sent by " + who + ")",
                    Map.of("channel", c.name(), "requested_by", String.valueOf(who)),
                    Map.of("alertname", "TokenledgerTest", "tenant", tenant, "severity", "info", "channel", String.valueOf(c.id())),
                    now.plusSeconds(300), null);
            return deliveries.enqueue(tenant, c.id(), n).map(d -> DeliveryView.of(d, null));
        });
    }

    /**
     * Whether an update sends back the url as it was shown (part hidden), meaning: keep the channel's
     * url. Only for the same type: shown as another type, the hidden part would be shown.
     */
    private static boolean keptUrl(ChannelRequest asked, Channel before) {
        if (asked.url() == null || asked.type() == null || !asked.url().equals(before.shownUrl()) || asked.url().equals(before.url())) {
            return false;
        }
        if (!asked.type().trim().equalsIgnoreCase(before.type().wireName())) {
            throw ProblemException.validation("/url", "the url shown hides a part: to change the type, give the whole url");
        }
        return true;
    }

    private static Channel found(Channel c, long id) {
        if (c == null) {
            throw ProblemException.notFound("channel " + id);
        }
        return c;
    }

    private static ChannelRequest body(ChannelRequest r) {
        if (r == null) {
            throw ProblemException.validation("", "a channel body is required");
        }
        return r;
    }
}
