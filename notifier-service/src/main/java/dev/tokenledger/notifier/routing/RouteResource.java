package dev.tokenledger.notifier.routing;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
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

/** Routing rules of the caller's tenant: tenant admins change them, viewers read them; another tenant's rule is 404. */
@Path("/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {

    @Inject
    Caller caller;

    @Inject
    RouteStore store;

    public record QuietView(String start, String end, String timeZone) {
    }

    public record RouteView(long id, String name, List<String> eventTypes, List<String> severities, List<Long> channelIds,
                            QuietView quietHours, Instant createdAt) {
        static RouteView of(Route r) {
            QuietHours q = r.quietHours();
            return new RouteView(r.id(), r.name(), r.eventTypes(), r.severities(), r.channelIds(),
                    q == null ? null : new QuietView(q.start().toString(), q.end().toString(), q.zone().getId()), r.createdAt());
        }
    }

    public record RouteList(List<RouteView> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    @ResponseStatus(201)
    public Uni<RouteView> create(RouteRequest request) {
        return store.create(body(request).validate(0, caller.tenantId()), caller).map(RouteView::of);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<RouteView> update(@PathParam("id") long id, RouteRequest request) {
        return store.update(body(request).validate(id, caller.tenantId()), caller).map(r -> RouteView.of(found(r, id)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.TENANT_ADMIN)
    public Uni<Void> delete(@PathParam("id") long id) {
        return store.delete(caller.tenantId(), id, caller).invoke(ok -> {
            if (!ok) {
                throw ProblemException.notFound("route " + id);
            }
        }).replaceWithVoid();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<RouteView> get(@PathParam("id") long id) {
        return store.find(caller.tenantId(), id).map(r -> RouteView.of(found(r, id)));
    }

    @GET
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
    public Uni<RouteList> list() {
        return store.list(caller.tenantId()).map(all -> new RouteList(all.stream().map(RouteView::of).toList()));
    }

    private static Route found(Route r, long id) {
        if (r == null) {
            throw ProblemException.notFound("route " + id);
        }
        return r;
    }

    private static RouteRequest body(RouteRequest r) {
        if (r == null) {
            throw ProblemException.validation("", "a route body is required");
        }
        return r;
    }
}
