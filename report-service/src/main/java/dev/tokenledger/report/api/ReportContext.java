package dev.tokenledger.report.api;

import dev.tokenledger.common.time.TimeZones;
import dev.tokenledger.common.caller.Caller;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.report.period.ReportPeriod;
import dev.tokenledger.report.store.Dimension;
import dev.tokenledger.report.store.DimensionDictionary;
import dev.tokenledger.report.store.TenantDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Clock;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every report request resolves first: the caller's tenant (from the token only), the period
 * in the tenant's time zone (or {@code time_zone} when given), and filters by any dimension
 * ({@code project=backend-api&model=gpt-4o}), turned into dictionary ids.
 */
@ApplicationScoped
public class ReportContext {

    @Inject
    Clock clock;

    public record Resolved(TenantDirectory.Tenant tenant, ReportPeriod period, Map<Dimension, String> filterNames,
                           Map<Dimension, Integer> filters) {

        public Map<String, String> filterView() {
            Map<String, String> out = new LinkedHashMap<>();
            filterNames.forEach((d, v) -> out.put(d.apiName(), v));
            return out;
        }
    }

    @Inject
    Caller caller;

    @Inject
    TenantDirectory tenants;

    @Inject
    DimensionDictionary dictionary;

    public Uni<Resolved> resolve(MultivaluedMap<String, String> query) {
        String tenantName = caller.tenantId();
        Map<Dimension, String> names = filters(query);
        String zoneText = query.getFirst("time_zone");
        return tenants.tenant(tenantName).chain(tenant -> {
            ZoneId zone = zoneText == null ? tenant.zone() : zone(zoneText);
            ReportPeriod period = period(query, zone, clock.instant());
            return resolveFilters(tenant.id(), names).map(ids -> new Resolved(tenant, period, names, ids));
        });
    }

    public Uni<Map<Dimension, Integer>> resolveFilters(int tenantId, Map<Dimension, String> names) {
        Uni<Map<Dimension, Integer>> acc = Uni.createFrom().item(new EnumMap<>(Dimension.class));
        for (var e : names.entrySet()) {
            acc = acc.chain(m -> dictionary.find(tenantId, e.getKey(), e.getValue()).map(id -> {
                m.put(e.getKey(), id);
                return m;
            }));
        }
        return acc;
    }

    public static ReportPeriod period(MultivaluedMap<String, String> query, ZoneId zone, Instant now) {
        try {
            return ReportPeriod.resolve(query.getFirst("period"), query.getFirst("from"), query.getFirst("to"), zone, now);
        } catch (ReportPeriod.InvalidPeriod e) {
            throw ProblemException.validation("/" + e.field, e.getMessage());
        }
    }

    public static ZoneId zone(String text) {
        try {
            return TimeZones.parse(text);
        } catch (DateTimeException e) {
            throw ProblemException.validation("/time_zone", TimeZones.RULE);
        }
    }

    /** The dimensions named in the {@code by} parameter (comma-separated), at most {@code max}. */
    public static List<Dimension> dimensions(String by, int max) {
        if (by == null || by.isBlank()) {
            throw ProblemException.validation("/by", "name one or more of: " + Dimension.apiNames());
        }
        List<Dimension> out = new ArrayList<>();
        for (String name : by.split(",")) {
            Dimension d = Dimension.byApiName(name.trim()).orElseThrow(() ->
                    ProblemException.validation("/by", "'" + name.trim() + "' is not a dimension; use " + Dimension.apiNames()));
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        if (out.size() > max) {
            throw ProblemException.validation("/by", "at most " + max + " dimensions");
        }
        return out;
    }

    private static Map<Dimension, String> filters(MultivaluedMap<String, String> query) {
        Map<Dimension, String> out = new EnumMap<>(Dimension.class);
        List<Problem.FieldError> errors = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            List<String> values = query.get(d.apiName());
            if (values == null || values.isEmpty()) {
                continue;
            }
            if (values.size() > 1 || values.get(0).isBlank() || values.get(0).length() > 256) {
                errors.add(new Problem.FieldError("/" + d.apiName(), "give one non-empty value of at most 256 characters"));
            } else {
                out.put(d, values.get(0));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return out;
    }
}
