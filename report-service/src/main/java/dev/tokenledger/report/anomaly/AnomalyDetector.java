package dev.tokenledger.report.anomaly;

import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.report.anomaly.AnomalyEpisodes.Episode;
import dev.tokenledger.report.anomaly.HourlyScopes.Scope;
import dev.tokenledger.report.config.ReportConfig;
import dev.tokenledger.report.store.DimensionDictionary;
import dev.tokenledger.report.store.TenantDirectory;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every {@code check-interval}: judges the last complete hour's cost per tenant, project and
 * feature against the same hour on the previous {@code baseline-days} days ({@link RobustBaseline}),
 * and each active session's cost per minute against the tenant's usual ({@link RunawaySessions}).
 * An episode is announced once on {@code anomaly.detected} (state open) and once more when it ends
 * (state resolved). When a feature explains a spike, only the feature is announced, not also its
 * project and tenant. The event is published before the episode is recorded, with an id derived
 * from the episode, so a failed check retried later repeats the same id (the notifier drops repeats).
 */
@ApplicationScoped
public class AnomalyDetector {

    @Inject
    Clock clock;

    private static final Logger LOG = Logger.getLogger(AnomalyDetector.class);

    @Inject
    ReportConfig config;

    @Inject
    HourlyScopes scopes;

    @Inject
    RunawaySessions sessions;

    @Inject
    AnomalyEpisodes episodes;

    @Inject
    TenantDirectory tenants;

    @Inject
    DimensionDictionary dictionary;

    @Inject
    Vertx vertx;

    @Inject
    @Channel("anomaly-detected")
    MutinyEmitter<String> anomalies;

    private final AtomicBoolean running = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong completedChecks = new java.util.concurrent.atomic.AtomicLong();

    /** Checks finished since start (a test waits for further checks instead of sleeping). */
    public long completedChecks() {
        return completedChecks.get();
    }

    /** A scope judged anomalous this check, with what an event needs. */
    record Finding(String scope, String kind, BigDecimal expected, BigDecimal observed, String severity, String detail) {
    }

    void onStart(@Observes StartupEvent ev) {
        vertx.setPeriodic(config.anomaly().checkInterval().toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                check(clock.instant()).subscribe().with(x -> {
                    completedChecks.incrementAndGet();
                    running.set(false);
                }, e -> {
                    running.set(false);
                    LOG.warnf("anomaly check failed (retried next interval): %s", e.getMessage());
                });
            }
        });
    }

    Uni<Void> check(Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        return tenants.all().chain(all -> {
            Map<Integer, String> names = new HashMap<>();
            all.forEach(t -> names.put(t.id(), t.name()));
            return scopes.tenantsActiveSince(hour).chain(ids -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (int tenantId : ids) {
                    String tenant = names.get(tenantId);
                    if (tenant == null) {
                        continue;
                    }
                    chain = chain.chain(() -> hourly(tenantId, hour).chain(hourly -> sessions.find(tenantId, now)
                            .chain(runaway -> settle(tenantId, tenant, hour, now, hourly, runaway))));
                }
                return chain;
            });
        });
    }

    /** The anomalous scopes of the hour, most specific level only. */
    Uni<List<Finding>> hourly(int tenantId, Instant hour) {
        int days = config.anomaly().baselineDays();
        List<Instant> hours = new ArrayList<>();
        for (int k = 0; k <= days; k++) {
            hours.add(hour.minus(Duration.ofDays(k)));
        }
        RobustBaseline baseline = new RobustBaseline(config.anomaly().zThreshold(), config.anomaly().minRelativeSpread(),
                config.anomaly().minExcess());
        return scopes.costs(tenantId, hours).chain(costs -> {
            Map<Scope, RobustBaseline.Verdict> anomalous = new HashMap<>();
            Map<Scope, BigDecimal> observed = new HashMap<>();
            costs.forEach((scope, byHour) -> {
                List<BigDecimal> history = hours.subList(1, hours.size()).stream().map(h -> byHour.getOrDefault(h, BigDecimal.ZERO)).toList();
                BigDecimal x = byHour.getOrDefault(hour, BigDecimal.ZERO);
                RobustBaseline.Verdict v = baseline.judge(history, x);
                if (v.anomalous()) {
                    anomalous.put(scope, v);
                    observed.put(scope, x);
                }
            });
            String level = anomalous.keySet().stream().anyMatch(s -> s.kind().equals("feature")) ? "feature"
                    : anomalous.keySet().stream().anyMatch(s -> s.kind().equals("project")) ? "project" : "tenant";
            List<Scope> chosen = anomalous.keySet().stream().filter(s -> s.kind().equals(level)).toList();
            return dictionary.names(chosen.stream().map(Scope::id).toList()).map(names -> chosen.stream().map(s -> {
                RobustBaseline.Verdict v = anomalous.get(s);
                String scope = s.kind().equals("tenant") ? "tenant" : s.kind() + ":" + names.get(s.id());
                BigDecimal x = observed.get(s);
                boolean critical = v.median().signum() == 0 || x.compareTo(v.median().multiply(BigDecimal.TEN)) >= 0;
                String detail = "cost of " + scope + " in the hour from " + hour + " was " + x.setScale(2, java.math.RoundingMode.HALF_UP)
                        + " USD; the same hour usually costs " + v.median().setScale(2, java.math.RoundingMode.HALF_UP) + " USD (median of "
                        + days + " days" + (v.z() == null ? ", no earlier spend" : ", robust z " + v.z()) + ")";
                return new Finding(scope, "hourly", v.median(), x, critical ? "critical" : "warning", detail);
            }).toList());
        });
    }

    private Uni<Void> settle(int tenantId, String tenant, Instant hour, Instant now, List<Finding> hourly, List<Finding> runaway) {
        List<Finding> findings = new ArrayList<>(hourly);
        findings.addAll(runaway);
        return episodes.open(tenantId).chain(open -> {
            Map<String, Episode> openByScope = new HashMap<>();
            open.forEach(e -> openByScope.put(e.scope(), e));
            Set<String> current = new HashSet<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Finding f : findings) {
                current.add(f.scope());
                Episode existing = openByScope.get(f.scope());
                Instant opened = f.kind().equals("hourly") ? hour : now.truncatedTo(ChronoUnit.MINUTES);
                if (existing != null) {
                    chain = chain.chain(() -> episodes.stillOpen(existing.id(), opened, f.observed()));
                } else {
                    Episode e = new Episode(0, tenantId, f.scope(), f.kind(), opened, opened, f.expected(), f.observed(), f.detail(), "open", null);
                    chain = chain.chain(() -> publish(tenant, e, "open", f.severity()).chain(() -> episodes.insertOpen(e)).replaceWithVoid());
                }
            }
            for (Episode e : open) {
                boolean ended = e.kind().equals("hourly") ? !current.contains(e.scope()) && hour.isAfter(e.lastHour())
                        : !current.contains(e.scope()) && sessions.ended(e, now);
                if (ended) {
                    chain = chain.chain(() -> publish(tenant, e, "resolved", "info").chain(() -> episodes.resolve(e.id())));
                }
            }
            return chain;
        });
    }

    private Uni<Void> publish(String tenant, Episode e, String state, String severity) {
        String detail = state.equals("open") ? e.detail() : "back to usual: " + e.detail();
        AnomalyDetected event = new AnomalyDetected(AnomalyDetected.SCHEMA_VERSION, AnomalyDetected.TYPE, tenant, e.eventId(state),
                Instant.now(), e.scope(), state, severity, Money.of(e.expected(), "USD"), Money.of(e.observed(), "USD"), detail);
        return anomalies.sendMessage(Message.of(Json.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(tenant).build()));
    }
}
