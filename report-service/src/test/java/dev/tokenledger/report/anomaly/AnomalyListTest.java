package dev.tokenledger.report.anomaly;

import dev.tokenledger.testinfra.CalendarGuard;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** The anomaly list: newest first, filtered by state, so an open episode is found however many resolved ones came after it. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class AnomalyListTest {

    @InjectTestInfra
    TestInfra infra;

    @Test
    void anOpenEpisodeIsListedUnderOpenEvenBehindNewerResolvedOnes() throws Exception {
        // an hourly episode seen in the current hour stays open until that hour is over
        CalendarGuard.clearOf(ChronoUnit.HOURS, Duration.ofMinutes(2), ZoneOffset.UTC);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String open = "feature:still-open-" + run;
        given().auth().oauth2(infra.tokens().user("bob")).when().get("/v1/reports/summary?period=today").then().statusCode(200);
        try (var c = infra.jdbc()) {
            int acme;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM report.tenant WHERE name = 'acme'")) {
                rs.next();
                acme = rs.getInt(1);
            }
            // the open one first, three days ago; then five resolved ones, each newer
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO report.anomaly_episode"
                    + " (tenant_id, scope, kind, opened_hour, last_hour, expected, observed, detail, state, resolved_at)"
                    + " VALUES (?, ?, 'hourly', date_trunc('hour', now()) - make_interval(hours => ?), date_trunc('hour', now()), 0.5, 10, 'x', ?, ?)")) {
                for (int i = 0; i < 6; i++) {
                    boolean isOpen = i == 0;
                    insert.setInt(1, acme);
                    insert.setString(2, isOpen ? open : "feature:over-" + i + "-" + run);
                    insert.setInt(3, isOpen ? 72 : 6 - i);
                    insert.setString(4, isOpen ? "open" : "resolved");
                    insert.setTimestamp(5, isOpen ? null : new java.sql.Timestamp(System.currentTimeMillis()));
                    insert.executeUpdate();
                }
            }
        }

        given().auth().oauth2(infra.tokens().user("bob")).queryParam("limit", 5).when().get("/v1/anomalies").then().statusCode(200)
                .body("items.scope", not(hasItem(open)));
        given().auth().oauth2(infra.tokens().user("bob")).queryParam("state", "open").queryParam("limit", 5).when().get("/v1/anomalies")
                .then().statusCode(200).body("items.scope", hasItem(open)).body("items.state", everyItem(equalTo("open")));
        given().auth().oauth2(infra.tokens().user("bob")).queryParam("state", "resolved").when().get("/v1/anomalies")
                .then().statusCode(200).body("items.scope", not(hasItem(open))).body("items.state", everyItem(equalTo("resolved")));
        given().auth().oauth2(infra.tokens().user("carol")).queryParam("state", "open").when().get("/v1/anomalies")
                .then().statusCode(200).body("items.scope", not(hasItem(open)));
        given().auth().oauth2(infra.tokens().user("bob")).queryParam("state", "closed").when().get("/v1/anomalies")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo("/state"));
    }
}
