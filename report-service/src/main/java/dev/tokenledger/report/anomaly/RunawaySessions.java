package dev.tokenledger.report.anomaly;

import dev.tokenledger.report.config.ReportConfig;
import dev.tokenledger.report.store.DimensionDictionary;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Runaway sessions: a session active in the last hour whose cost per minute is {@code session-factor}
 * times the tenant's median over its sessions of the baseline days (a session shorter than a minute
 * is rated over one minute), and at least {@code min-excess} in total.
 */
@ApplicationScoped
public class RunawaySessions {

    static final Duration ACTIVE = Duration.ofHours(1);

    @Inject
    Pool pool;

    @Inject
    ReportConfig config;

    @Inject
    DimensionDictionary dictionary;

    record SessionRate(int session, Instant lastAt, BigDecimal cost, BigDecimal perMinute) {
    }

    Uni<List<AnomalyDetector.Finding>> find(int tenantId, Instant now) {
        Instant since = now.minus(Duration.ofDays(config.anomaly().baselineDays()));
        String sql = """
                SELECT session, max(last_at), sum(cost),
                       sum(cost) / greatest(extract(epoch FROM max(last_at) - min(first_at)) / 60, 1)
                FROM report.session_rollup WHERE tenant_id = $1 AND last_at >= $2
                GROUP BY session ORDER BY max(last_at) DESC LIMIT 5000""";
        return pool.preparedQuery(sql).execute(Tuple.of(tenantId, since.atOffset(ZoneOffset.UTC))).chain(rows -> {
            List<SessionRate> all = new ArrayList<>();
            rows.forEach(r -> all.add(new SessionRate(r.getInteger(0), r.getOffsetDateTime(1).toInstant(), r.getBigDecimal(2),
                    r.getBigDecimal(3))));
            if (all.size() < config.anomaly().sessionBaselineMin()) {
                return Uni.createFrom().item(List.of());
            }
            BigDecimal median = RobustBaseline.median(all.stream().map(SessionRate::perMinute).toList());
            BigDecimal limit = median.multiply(config.anomaly().sessionFactor(), MathContext.DECIMAL64);
            List<SessionRate> runaway = all.stream()
                    .filter(s -> !s.lastAt().isBefore(now.minus(ACTIVE)))
                    .filter(s -> median.signum() > 0 && s.perMinute().compareTo(limit) >= 0)
                    .filter(s -> s.cost().compareTo(config.anomaly().minExcess()) >= 0)
                    .toList();
            return dictionary.names(runaway.stream().map(SessionRate::session).toList()).map(names -> runaway.stream()
                    .map(s -> new AnomalyDetector.Finding("session:" + names.get(s.session()), "session", median, s.perMinute(), "critical",
                            "session " + names.get(s.session()) + " costs " + s.perMinute().setScale(4, RoundingMode.HALF_UP)
                                    + " USD per minute (" + s.cost().setScale(2, RoundingMode.HALF_UP) + " USD so far); this tenant's sessions"
                                    + " usually cost " + median.setScale(4, RoundingMode.HALF_UP) + " USD per minute"))
                    .toList());
        });
    }

    /** A session episode ends when the session has been quiet for an hour. */
    boolean ended(AnomalyEpisodes.Episode e, Instant now) {
        return e.lastHour().isBefore(now.minus(ACTIVE));
    }
}
