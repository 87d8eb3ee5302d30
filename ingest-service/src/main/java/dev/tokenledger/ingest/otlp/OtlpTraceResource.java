package dev.tokenledger.ingest.otlp;

import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.ingest.usage.UsageEventNormalizer;
import dev.tokenledger.ingest.usage.UsageEventRequest;
import dev.tokenledger.ingest.usage.UsageEventService;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OTLP/HTTP trace intake: an OpenTelemetry exporter pointed at the ingest-service (with the
 * tenant's bearer token or {@code tlk_} key in its headers) records every span that carries GenAI
 * usage as a usage event. The answer is OTLP's: an {@code ExportTraceServiceResponse}, with
 * {@code partial_success} counting the spans with usage that could not be recorded and why; spans
 * without usage are counted and dropped.
 */
@Path("/")
public class OtlpTraceResource {

    /** Largest body once decompressed (an exporter's batch of 512 spans is well under it). */
    static final int MAX_INFLATED = 20 * 1024 * 1024;
    private static final int REASONS_SHOWN = 5;

    @Inject
    Caller caller;

    @Inject
    UsageEventService service;

    @Inject
    OtlpConfig config;

    @Inject
    MeterRegistry registry;

    private final UsageEventNormalizer normalizer = new UsageEventNormalizer(Clock.systemUTC());
    private GenAiSpans spans;

    @PostConstruct
    void init() {
        config.attributes().forEach((key, target) -> {
            if (!GenAiSpans.DIMENSIONS.contains(target) && !(target.startsWith("tag:") && target.length() > 4)) {
                throw new IllegalArgumentException("tokenledger.otlp.attributes.\"" + key + "\"=" + target
                        + ": must be one of " + GenAiSpans.DIMENSIONS + " or tag:<name>");
            }
        });
        spans = new GenAiSpans(config.projectAttribute(), config.attributes());
    }

    @POST
    @Path("v1/traces")
    @Blocking // decoding a batch of spans is CPU work: keep it off the event loop
    @Consumes({OtlpBodies.PROTOBUF, OtlpBodies.JSON})
    @RolesAllowed({Roles.INGEST, Roles.TENANT_ADMIN})
    @Operation(summary = "Record GenAI spans (OTLP/HTTP traces)",
            description = "An OTLP ExportTraceServiceRequest, protobuf or JSON, gzip allowed. Each span with GenAI token counts becomes a "
                    + "usage event (event id from its trace and span ids: a re-sent export adds nothing); spans without usage are dropped. "
                    + "The answer is an ExportTraceServiceResponse whose partial_success counts the spans with usage that were refused and why.")
    @APIResponse(responseCode = "200", description = "ExportTraceServiceResponse, in the request's encoding")
    @APIResponse(responseCode = "400", description = "google.rpc.Status: the body is not an OTLP export request")
    public Uni<Response> export(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @HeaderParam("Content-Encoding") String encoding) {
        boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(OtlpBodies.JSON);
        String media = json ? OtlpBodies.JSON : OtlpBodies.PROTOBUF;
        ExportTraceServiceRequest request;
        try {
            request = OtlpBodies.parse(OtlpBodies.inflate(body, encoding, MAX_INFLATED), json);
        } catch (OtlpBodies.Unreadable e) {
            return Uni.createFrom().item(Response.status(400).type(media).entity(OtlpBodies.invalidArgument(e.getMessage(), json)).build());
        }
        GenAiSpans.Result read = spans.read(request);
        String tenant = caller.tenantId();
        List<UsageRecorded> events = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        read.rejected().forEach(r -> refused.add(r.where() + ": " + r.reason()));
        Set<String> ids = new HashSet<>();
        for (GenAiSpans.Candidate c : read.candidates()) {
            UsageEventRequest r;
            try {
                r = c.request().withAttribution(caller.attribution(c.request().attribution(), "/attribution"));
            } catch (ProblemException e) {
                refused.add(c.where() + ": " + e.problem().detail() + e.problem().errors().stream()
                        .map(f -> " " + f.message()).collect(Collectors.joining(";")));
                continue;
            }
            UsageEventNormalizer.Result n = normalizer.normalize(tenant, r);
            if (!n.errors().isEmpty()) {
                refused.add(c.where() + ": " + n.errors().stream().map(f -> f.pointer().replaceFirst("^/0/", "") + " " + f.message())
                        .collect(Collectors.joining("; ")));
            } else if (ids.add(n.events().get(0).eventId())) {
                events.add(n.events().get(0));
            }
        }
        count("without_usage", read.withoutUsage());
        count("refused", refused.size());
        Uni<Void> recorded = events.isEmpty() ? Uni.createFrom().voidItem()
                : service.record(tenant, events).invoke(result -> {
                    count("recorded", result.accepted());
                    count("duplicate", result.duplicates());
                }).replaceWithVoid();
        String message = refused.isEmpty() ? "" : refused.size() + " span(s) with GenAI usage not recorded: "
                + String.join(" | ", refused.subList(0, Math.min(REASONS_SHOWN, refused.size())))
                + (refused.size() > REASONS_SHOWN ? " | …" : "");
        return recorded.map(v -> Response.ok(OtlpBodies.answer(refused.size(), message, json), media).build());
    }

    @POST
    @Path("otlp/v1/traces")
    @Blocking
    @Consumes({OtlpBodies.PROTOBUF, OtlpBodies.JSON})
    @RolesAllowed({Roles.INGEST, Roles.TENANT_ADMIN})
    @Operation(summary = "Record GenAI spans (OTLP/HTTP traces, under the /otlp prefix exporters are often given)")
    public Uni<Response> exportUnderPrefix(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                           @HeaderParam("Content-Encoding") String encoding) {
        return export(body, contentType, encoding);
    }

    private void count(String outcome, long n) {
        if (n > 0) {
            registry.counter("tokenledger.otlp.spans", "outcome", outcome).increment(n);
        }
    }
}
