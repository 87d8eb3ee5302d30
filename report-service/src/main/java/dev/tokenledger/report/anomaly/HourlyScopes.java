package dev.tokenledger.report.anomaly;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hourly cost per tenant, project and feature for an hour and the same hour on the days before, from the rollup. */
@ApplicationScoped
public class HourlyScopes {

    /** A scope of one tenant: kind tenant (id 0), project or feature (dictionary id). */
    public record Scope(int tenantId, String kind, int id) {
    }

    @Inject
    Pool pool;

    /** Tenants with usage since {@code hour}, or with an episode still open. */
    public Uni<List<Integer>> tenantsActiveSince(Instant hour) {
        return pool.preparedQuery("SELECT DISTINCT tenant_id FROM report.rollup_hour WHERE hour >= $1 UNION"
                        + " SELECT tenant_id FROM report.anomaly_episode WHERE state = 'open'")
                .execute(Tuple.of(hour.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Integer> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getInteger(0)));
                    return out;
                });
    }

    /** Cost per scope and hour for {@code hours} (missing = no cost that hour). */
    public Uni<Map<Scope, Map<Instant, BigDecimal>>> costs(int tenantId, List<Instant> hours) {
        OffsetDateTime[] at = hours.stream().map(h -> h.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        String sql = """
                SELECT hour, GROUPING(project) AS no_project, GROUPING(feature) AS no_feature, project, feature, sum(cost)
                FROM report.rollup_hour WHERE tenant_id = $1 AND hour = ANY($2)
                GROUP BY GROUPING SETS ((hour), (hour, project), (hour, feature))""";
        return pool.preparedQuery(sql).execute(Tuple.of(tenantId, at)).map(rows -> {
            Map<Scope, Map<Instant, BigDecimal>> out = new HashMap<>();
            rows.forEach(r -> {
                Scope s;
                if (r.getInteger(1) == 0) {
                    s = new Scope(tenantId, "project", r.getInteger(3));
                } else if (r.getInteger(2) == 0) {
                    s = new Scope(tenantId, "feature", r.getInteger(4));
                } else {
                    s = new Scope(tenantId, "tenant", 0);
                }
                if (!s.kind().equals("tenant") && s.id() == 0) {
                    return; // unattributed spend is judged in the tenant total only
                }
                out.computeIfAbsent(s, k -> new HashMap<>()).put(r.getOffsetDateTime(0).toInstant(), r.getBigDecimal(5));
            });
            return out;
        });
    }
}
