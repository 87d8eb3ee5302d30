package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.audit.AuditTrail;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.events.PriceChange;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.pricing.importer.ImportedCatalogue;
import dev.tokenledger.pricing.importer.PriceListFormat;
import dev.tokenledger.pricing.price.PriceEntry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The price catalogue: versions (public and the caller's tenant's), a version's entries, the diff
 * between two versions; imports and hand edits of the public catalogue (platform admins).
 */
@Path("/v1/catalogue")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogueResource {

    @Inject
    Caller caller;

    @Inject
    CatalogueStore store;

    @Inject
    CatalogueService catalogue;

    public record VersionView(long id, String scope, String source, String author, String reason, Instant createdAt,
                              Instant effectiveFrom, int added, int removed) {
        static VersionView of(CatalogueStore.VersionRow v) {
            return new VersionView(v.id(), v.scope(), v.source(), v.author(), v.reason(), v.createdAt(), v.effectiveFrom(), v.added(), v.removed());
        }
    }

    public record VersionList(List<VersionView> items) {
    }

    public record VersionDetail(VersionView version, int total, List<EntryJson.Entry> entries) {
    }

    public record Diff(long from, long to, String scope, int total, List<PriceChange.ChangedPrice> changes) {
    }

    public record WriteResult(VersionView version, int added, int changed, int closed, int changesTotal,
                              List<PriceChange.ChangedPrice> changes, List<String> skipped) {
        static WriteResult of(CatalogueService.Result r, List<String> skipped) {
            return new WriteResult(VersionView.of(r.version()), r.added(), r.changed(), r.closed(), r.changes().size(),
                    r.changes().subList(0, Math.min(100, r.changes().size())), skipped);
        }
    }

    public record EntriesEdit(String reason, Instant effectiveFrom, List<EntryJson.Entry> entries) {
    }

    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER, Roles.PLATFORM_ADMIN})
    @GET
    @Path("/versions")
    public Uni<VersionList> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return store.versions(caller.tenantId(), Math.max(1, Math.min(limit, 1000)))
                .map(rows -> new VersionList(rows.stream().map(VersionView::of).toList()));
    }

    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER, Roles.PLATFORM_ADMIN})
    @GET
    @Path("/versions/{id}")
    public Uni<VersionDetail> version(@PathParam("id") long id, @QueryParam("provider") String provider, @QueryParam("model") String model,
                                      @QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("offset") @DefaultValue("0") int offset) {
        String tenant = caller.tenantId();
        return visibleVersion(id, tenant).chain(v -> store.entriesAsOf(v.scope(), v.id()).map(entries -> {
            List<PriceEntry> matching = entries.stream()
                    .filter(e -> provider == null || e.provider().equalsIgnoreCase(provider))
                    .filter(e -> model == null || e.model().toLowerCase(Locale.ROOT).contains(model.toLowerCase(Locale.ROOT)))
                    .sorted(java.util.Comparator.comparing(PriceEntry::key).thenComparing(PriceEntry::effectiveFrom))
                    .toList();
            int from = Math.max(0, Math.min(offset, matching.size()));
            int to = Math.min(matching.size(), from + Math.max(1, Math.min(limit, 1000)));
            return new VersionDetail(VersionView.of(v), matching.size(), matching.subList(from, to).stream().map(EntryJson::toJson).toList());
        }));
    }

    /**
     * The changes between two versions. Version ids are points in the one sequence of catalogue
     * versions; {@code scope=tenant} compares the caller's tenant's own prices instead of the public ones.
     */
    @RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_VIEWER, Roles.PLATFORM_ADMIN})
    @GET
    @Path("/diff")
    public Uni<Diff> diff(@QueryParam("from") Long from, @QueryParam("to") Long to, @QueryParam("scope") @DefaultValue("public") String scope,
                          @QueryParam("provider") String provider, @QueryParam("model") String model) {
        if (from == null || to == null) {
            throw ProblemException.validation(from == null ? "from" : "to", "is required (a version id)");
        }
        if (!scope.equals("public") && !scope.equals("tenant")) {
            throw ProblemException.validation("scope", "must be public or tenant");
        }
        String which = scope.equals("tenant") ? caller.tenantId() : PriceEntry.GLOBAL;
        return Uni.combine().all().unis(existing(from), existing(to)).asTuple()
                .chain(t -> catalogue.diff(which, from, to)).map(changes -> {
                    List<PriceChange.ChangedPrice> selected = changes.stream()
                            .filter(c -> provider == null || c.provider().equalsIgnoreCase(provider))
                            .filter(c -> model == null || c.model().toLowerCase(Locale.ROOT).contains(model.toLowerCase(Locale.ROOT)))
                            .toList();
                    return new Diff(from, to, which, selected.size(), selected);
                });
    }

    @POST
    @Path("/imports")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    @Blocking
    public WriteResult importList(@QueryParam("format") String format, @QueryParam("effective_from") String effectiveFrom,
                                  @QueryParam("reason") String reason, byte[] body) {
        PriceListFormat f;
        try {
            f = PriceListFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("format", e.getMessage());
        }
        Instant from = instant("effective_from", effectiveFrom, Instant.now());
        ImportedCatalogue list;
        try {
            list = f.importer().read(new ByteArrayInputStream(body), from);
        } catch (IOException e) {
            throw ProblemException.validation("", "not a " + f.name().toLowerCase(Locale.ROOT) + " price list: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("", e.getMessage());
        } catch (UncheckedIOException e) {
            throw ProblemException.validation("", e.getMessage());
        }
        if (list.entries().isEmpty()) {
            throw ProblemException.validation("", "the price list has no entry with a price");
        }
        String why = reason != null && !reason.isBlank() ? reason : f.name().toLowerCase(Locale.ROOT) + " import";
        return catalogue.importList(list, from, AuditTrail.Actor.of(caller), why, false)
                .onFailure().transform(e -> CatalogueErrors.toProblem(e, "")).map(r -> WriteResult.of(r, list.skipped()))
                .await().indefinitely();
    }

    @POST
    @Path("/entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<WriteResult> edit(EntriesEdit edit) {
        List<PriceEntry> entries = EntryEdits.read(edit, PriceEntry.GLOBAL, "manual");
        return catalogue.editEntries(PriceEntry.GLOBAL, "manual", entries, EntryEdits.from(edit), AuditTrail.Actor.of(caller), edit.reason())
                .onFailure().transform(e -> CatalogueErrors.toProblem(e, "/entries")).map(r -> WriteResult.of(r, List.of()));
    }

    private Uni<CatalogueStore.VersionRow> existing(long id) {
        return store.version(id).map(v -> {
            if (v == null) {
                throw ProblemException.notFound("catalogue version " + id);
            }
            return v;
        });
    }

    private Uni<CatalogueStore.VersionRow> visibleVersion(long id, String tenant) {
        return store.version(id).map(v -> {
            if (v == null || !(v.scope().equals(PriceEntry.GLOBAL) || v.scope().equals(tenant))) {
                throw ProblemException.notFound("catalogue version " + id);
            }
            return v;
        });
    }

    static Instant instant(String field, String text, Instant otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(field, "must be an RFC 3339 UTC time such as 2026-01-24T00:00:00Z");
        }
    }
}
