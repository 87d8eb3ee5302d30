package dev.tokenledger.report.anomaly;

import dev.tokenledger.common.events.AnomalyDetected;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.testinfra.CalendarGuard;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.tokenledger.report.api.ReportEvents.priced;
import static dev.tokenledger.report.api.ReportEvents.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class AnomalyDetectionTest {

    @InjectTestInfra
    TestInfra infra;

    @Inject
    AnomalyDetector detector;

    @Test
    void aTwentyFoldHourInOneFeatureIsOneAnomalyAndSteadyTrafficIsNone() throws Exception {
        // the spike goes into the last complete hour, which must still be the last when the detector runs
        CalendarGuard.clearOf(ChronoUnit.HOURS, Duration.ofMinutes(10), java.time.ZoneOffset.UTC);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String spikyTenant = "umbrella-" + run;
        String steadyTenant = "stark-" + run;
        for (int day = 14; day >= 0; day--) {
            Instant at = hour.minus(Duration.ofDays(day)).plus(Duration.ofMinutes(10));
            for (String tenant : List.of(spikyTenant, steadyTenant)) {
                send(infra, priced(tenant, tenant + "-steady-" + day, at, "p1", "steady", null, "0.50", null));
                String spike = tenant.equals(spikyTenant) && day == 0 ? "10.00" : "0.50";
                send(infra, priced(tenant, tenant + "-spiky-" + day, at.plusSeconds(30), "p1", "spiky", null, spike, null));
            }
        }
        String topic = infra.topic("anomaly.detected");
        List<ConsumerRecord<String, String>> opened = infra.kafka().read(topic, 1, Duration.ofSeconds(60),
                r -> r.value().contains(spikyTenant) && r.value().contains("\"state\":\"open\""));
        assertEquals(1, opened.size(), "the spike is announced");
        AnomalyDetected event = Json.read(opened.get(0).value(), AnomalyDetected.class);
        assertEquals("feature:spiky", event.scope(), "the feature that explains the spike, not also its project and tenant");
        assertEquals(0, new java.math.BigDecimal("10").compareTo(event.observed().amount()));
        assertEquals(0, new java.math.BigDecimal("0.5").compareTo(event.expected().amount()));

        // several more checks of the same hour: still one announcement, and nothing for steady traffic
        long seen = detector.completedChecks();
        await().atMost(Duration.ofSeconds(30)).until(() -> detector.completedChecks() >= seen + 3);
        List<ConsumerRecord<String, String>> all = infra.kafka().read(topic, 10, Duration.ofSeconds(3),
                r -> r.value().contains(spikyTenant) || r.value().contains(steadyTenant));
        List<ConsumerRecord<String, String>> opens = all.stream().filter(r -> r.value().contains("\"state\":\"open\"")).toList();
        assertEquals(1, opens.size(), "one event per episode: " + opens);
        assertTrue(all.stream().noneMatch(r -> r.value().contains(steadyTenant)), "steady traffic raises nothing");

        try (var c = infra.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM report.anomaly_episode e JOIN report.tenant t ON t.id = e.tenant_id WHERE t.name = '" + spikyTenant + "'")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void aSessionBurningFarFasterThanUsualIsARunaway() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "wonka-" + run;
        Instant now = Instant.now();
        // six ordinary sessions of ten minutes at $0.10 a minute
        for (int s = 0; s < 6; s++) {
            Instant start = now.minus(Duration.ofHours(5 + s));
            send(infra, priced(tenant, tenant + "-n" + s + "a", start, "p", "f", "normal-" + s, "0.50", null));
            send(infra, priced(tenant, tenant + "-n" + s + "b", start.plus(Duration.ofMinutes(10)), "p", "f", "normal-" + s, "0.50", null));
        }
        // a live session: $30 in two minutes
        send(infra, priced(tenant, tenant + "-r1", now.minus(Duration.ofMinutes(3)), "p", "f", "runaway", "15", null));
        send(infra, priced(tenant, tenant + "-r2", now.minus(Duration.ofMinutes(1)), "p", "f", "runaway", "15", null));
        List<ConsumerRecord<String, String>> found = infra.kafka().read(infra.topic("anomaly.detected"), 1, Duration.ofSeconds(60),
                r -> r.value().contains(tenant) && r.value().contains("session:runaway"));
        assertEquals(1, found.size());
        AnomalyDetected event = Json.read(found.get(0).value(), AnomalyDetected.class);
        assertEquals("open", event.state());
        assertEquals("critical", event.severity());
        assertEquals(0, new java.math.BigDecimal("15").compareTo(event.observed().amount()), "$30 over two minutes");
    }
}
