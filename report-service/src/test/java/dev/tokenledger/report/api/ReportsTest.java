package dev.tokenledger.report.api;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.testinfra.CalendarGuard;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class ReportsTest {

    @InjectTestInfra
    TestInfra infra;

    /** A period that starts and ends inside hours, so the edges come from raw events and the middle from the rollup. */
    private static final Instant FROM = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30)).plus(Duration.ofMinutes(17));
    private static final Instant TO = FROM.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(20));

    private String bob() {
        return infra.tokens().user("bob");
    }

    private JsonPath summary(String token, String query) {
        return given().auth().oauth2(token).when().get("/v1/reports/summary?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void eventsLandOnceAndEveryReportAddsUpToTheirExactSum() throws Exception {
        String project = "rep-" + UUID.randomUUID();
        List<UsagePriced> events = new ArrayList<>();
        String[] features = {"search", "chat", "summarise"};
        BigDecimal expected = BigDecimal.ZERO;
        BigDecimal all = BigDecimal.ZERO;
        BigDecimal reported = BigDecimal.ZERO;
        BigDecimal estimateOfReported = BigDecimal.ZERO;
        for (int i = 0; i < 60; i++) {
            // spread over the period, including its first and last partial hour, and some just outside it
            Instant at = FROM.minus(Duration.ofMinutes(10)).plus(Duration.ofMinutes(6L * i));
            String cost = "0.0" + (1000 + i) + "33333333333";
            String rep = i % 10 == 3 ? "0.0" + (1000 + i) + "5" : null;
            boolean unpriced = i == 7;
            events.add(ReportEvents.priced("acme", project + "-" + i, at, project, features[i % 3], null, unpriced ? null : cost, rep));
            all = rep != null ? all.add(new BigDecimal(rep)) : unpriced ? all : all.add(new BigDecimal(cost));
            if (!at.isBefore(FROM) && at.isBefore(TO)) {
                if (rep != null) {
                    expected = expected.add(new BigDecimal(rep));
                    if (!unpriced) {
                        reported = reported.add(new BigDecimal(rep));
                        estimateOfReported = estimateOfReported.add(new BigDecimal(cost));
                    }
                } else if (!unpriced) {
                    expected = expected.add(new BigDecimal(cost));
                }
            }
        }
        long inPeriod = events.stream().filter(e -> !e.occurredAt().isBefore(FROM) && e.occurredAt().isBefore(TO)).count();
        for (UsagePriced e : events) {
            ReportEvents.send(infra, e);
        }
        for (int i = 0; i < 60; i += 4) {
            ReportEvents.send(infra, events.get(i)); // redelivered
        }
        String range = "from=" + FROM + "&to=" + TO + "&project=" + project;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(60, summary(bob(), "from=" + FROM.minus(Duration.ofDays(1)) + "&to=" + TO.plus(Duration.ofDays(1))
                        + "&project=" + project).getLong("calls")));

        // over whole UTC days the daily rollup answers; the edges come from the hourly rollup and raw events
        String days = "from=" + FROM.minus(Duration.ofDays(2)) + "&to=" + TO.plus(Duration.ofDays(2)) + "&project=" + project;
        assertEquals(0, all.compareTo(new BigDecimal(summary(bob(), days).getString("total.amount"))));
        JsonPath daily = given().auth().oauth2(bob()).when().get("/v1/reports/timeseries?granularity=day&" + days).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(0, all.compareTo(daily.getList("points.cost.amount", String.class).stream().map(BigDecimal::new)
                .reduce(BigDecimal.ZERO, BigDecimal::add)));
        JsonPath byFeature = given().auth().oauth2(bob()).when().get("/v1/reports/breakdown?by=feature&" + days).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(0, all.compareTo(new BigDecimal(byFeature.getString("total.amount"))));
        assertEquals(60, byFeature.getList("groups.calls", Integer.class).stream().mapToInt(Integer::intValue).sum());

        // unfiltered reports read the per-tenant hourly rollup; grouped ones the daily and hourly rollups: they agree
        String tenantWide = "from=" + FROM.minus(Duration.ofDays(2)) + "&to=" + TO;
        JsonPath unfiltered = summary(bob(), tenantWide);
        JsonPath byProject = given().auth().oauth2(bob()).when().get("/v1/reports/breakdown?by=project&top=1000&" + tenantWide).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(0, new BigDecimal(unfiltered.getString("total.amount")).compareTo(new BigDecimal(byProject.getString("total.amount"))));
        assertEquals(unfiltered.getLong("calls"), byProject.getList("groups.calls", Integer.class).stream().mapToLong(Integer::longValue).sum());

        JsonPath s = summary(bob(), range);
        assertEquals(inPeriod, s.getLong("calls"), "each event counted once");
        assertEquals(0, expected.compareTo(new BigDecimal(s.getString("total.amount"))), "exact decimal sum, provider-reported cost winning");
        assertEquals(1, s.getLong("unpriced_calls"));
        assertEquals(0, reported.compareTo(new BigDecimal(s.getString("reported_vs_estimated.reported.amount"))));
        assertEquals(0, estimateOfReported.compareTo(new BigDecimal(s.getString("reported_vs_estimated.estimated.amount"))));
        assertEquals(inPeriod * 1000, s.getLong("tokens.input"));
        assertEquals(inPeriod * 200, s.getLong("tokens.cache_read"));

        JsonPath b = given().auth().oauth2(bob()).when().get("/v1/reports/breakdown?by=feature&" + range).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(3, b.getList("groups").size());
        BigDecimal exact = BigDecimal.ZERO;
        BigDecimal shown = BigDecimal.ZERO;
        BigDecimal shares = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            exact = exact.add(new BigDecimal(b.getString("groups[" + i + "].cost.amount")));
            shown = shown.add(new BigDecimal(b.getString("groups[" + i + "].cost_display")));
            shares = shares.add(new BigDecimal(b.getString("groups[" + i + "].share_percent")));
        }
        assertEquals(0, expected.compareTo(exact), "group costs add up to the exact total");
        assertEquals(new BigDecimal(b.getString("total_display")), shown, "rounded group costs add up to the total as displayed");
        assertEquals(new BigDecimal("100.0"), shares, "shares add up to 100 %");

        JsonPath top = given().auth().oauth2(bob()).when().get("/v1/reports/breakdown?by=feature,model&top=1&" + range).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(2, top.getList("groups").size(), "top 1 and one (other) row");
        assertEquals("(other)", top.getString("groups[1].key.feature"));
        assertEquals(2, top.getInt("groups[1].groups_merged"));

        JsonPath series = given().auth().oauth2(bob()).when().get("/v1/reports/timeseries?granularity=hour&" + range).then()
                .statusCode(200).extract().jsonPath();
        BigDecimal seriesSum = series.getList("points.cost.amount", String.class).stream().map(BigDecimal::new)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, expected.compareTo(seriesSum), "the hourly series adds up to the total");
        assertEquals(6, series.getList("points").size(), "every local hour touched by the period is listed");

        given().auth().oauth2(bob()).when().get("/v1/reports/breakdown?by=feature&format=csv&" + range).then().statusCode(200)
                .contentType(startsWith("text/csv")).body(startsWith("feature,cost,cost_display,share_percent"));
        given().auth().oauth2(bob()).accept("text/csv").when().get("/v1/reports/summary?" + range).then().statusCode(200)
                .contentType(startsWith("text/csv")).body(containsString(expected.toPlainString().substring(0, 6)));

        // tenant walls: globex sees none of it, even naming the project
        assertEquals(0, summary(infra.tokens().user("dave"), range).getLong("calls"));
    }

    @Test
    void topUsersCustomersAndSessionsOverWholeDaysAndTheirEdgesAddUpToTheExactSumsOfTheirCalls() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // more than two whole UTC days (per-dimension daily rollup) between edges inside hours (hourly rollup, raw events)
        Instant from = FROM.minus(Duration.ofDays(3));
        Map<String, BigDecimal> byUser = new HashMap<>();
        Map<String, BigDecimal> bySession = new HashMap<>();
        Map<String, Long> callsByCustomer = new HashMap<>();
        List<UsagePriced> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Instant at = from.minus(Duration.ofMinutes(40)).plus(Duration.ofMinutes(47L * i));
            String user = "u-" + tag + "-" + i % 4;
            String customer = "c-" + tag + "-" + i % 3;
            String session = i % 5 == 4 ? null : "s-" + tag + "-" + i % 5;
            String cost = "0.00" + (1000 + i) + "7";
            events.add(ReportEvents.priced("acme", "dim-" + tag + "-" + i, at,
                    new Attribution("dims-" + tag, "prod", user, customer, "chat", "agent-1", session, null, Map.of()), cost, null));
            if (!at.isBefore(from) && at.isBefore(TO)) {
                byUser.merge(user, new BigDecimal(cost), BigDecimal::add);
                if (session != null) {
                    bySession.merge(session, new BigDecimal(cost), BigDecimal::add);
                }
                callsByCustomer.merge(customer, 1L, Long::sum);
            }
        }
        for (UsagePriced e : events) {
            ReportEvents.send(infra, e);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(100, summary(bob(), "from=" + from.minus(Duration.ofDays(1))
                + "&to=" + TO.plus(Duration.ofDays(3)) + "&project=dims-" + tag).getLong("calls")));
        String range = "from=" + from + "&to=" + TO;

        for (var user : byUser.entrySet()) {
            assertEquals(0, user.getValue().compareTo(new BigDecimal(summary(bob(), range + "&user=" + user.getKey()).getString("total.amount"))),
                    "one user's calls, exactly");
        }
        for (var session : bySession.entrySet()) {
            assertEquals(0, session.getValue().compareTo(new BigDecimal(summary(bob(), range + "&session=" + session.getKey())
                    .getString("total.amount"))), "one session's calls, exactly");
        }
        JsonPath users = breakdown(range + "&by=user&top=1000");
        JsonPath sessions = breakdown(range + "&by=session&top=1000");
        JsonPath customers = breakdown(range + "&by=customer&top=1000");
        for (var user : byUser.entrySet()) {
            assertEquals(0, user.getValue().compareTo(new BigDecimal(users.getString("groups.find { it.key.user == '" + user.getKey()
                    + "' }.cost.amount"))), "the user's group in the breakdown");
        }
        for (var session : bySession.entrySet()) {
            assertEquals(0, session.getValue().compareTo(new BigDecimal(sessions.getString("groups.find { it.key.session == '"
                    + session.getKey() + "' }.cost.amount"))), "the session's group in the breakdown");
        }
        for (var customer : callsByCustomer.entrySet()) {
            assertEquals(customer.getValue().longValue(), customers.getLong("groups.find { it.key.customer == '" + customer.getKey() + "' }.calls"));
        }
        // every breakdown of the tenant's period adds up to its unfiltered total, the calls without a session included
        JsonPath tenantWide = summary(bob(), range);
        for (JsonPath b : List.of(users, sessions, customers)) {
            assertEquals(0, new BigDecimal(tenantWide.getString("total.amount")).compareTo(new BigDecimal(b.getString("total.amount"))));
            assertEquals(tenantWide.getLong("calls"), b.getList("groups.calls", Integer.class).stream().mapToLong(Integer::longValue).sum());
        }
    }

    private JsonPath breakdown(String query) {
        return given().auth().oauth2(bob()).when().get("/v1/reports/breakdown?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void todayFollowsTheTenantsTimeZone() throws Exception {
        // "today" is worked out when the report is asked: not across a midnight of either zone
        CalendarGuard.clearOf(ChronoUnit.DAYS, Duration.ofMinutes(2), java.time.ZoneOffset.UTC, java.time.ZoneId.of("Pacific/Auckland"));
        String project = "tz-" + UUID.randomUUID();
        Instant now = Instant.now();
        java.time.ZoneId auckland = java.time.ZoneId.of("Pacific/Auckland");
        Instant startUtc = now.atZone(java.time.ZoneOffset.UTC).toLocalDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant startAkl = now.atZone(auckland).toLocalDate().atStartOfDay(auckland).toInstant();
        Instant[] times = {now.minusSeconds(60), startUtc.minus(Duration.ofMinutes(30)), startAkl.minus(Duration.ofMinutes(30))};
        String[] costs = {"1", "10", "100"};
        BigDecimal expectUtc = BigDecimal.ZERO;
        BigDecimal expectAkl = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            for (String tenant : List.of("acme", "globex")) {
                ReportEvents.send(infra, ReportEvents.priced(tenant, project + "-" + i, times[i], project, "f", null, costs[i], null));
            }
            if (!times[i].isBefore(startUtc)) {
                expectUtc = expectUtc.add(new BigDecimal(costs[i]));
            }
            if (!times[i].isBefore(startAkl)) {
                expectAkl = expectAkl.add(new BigDecimal(costs[i]));
            }
        }
        String alice = infra.tokens().user("alice");
        String carol = infra.tokens().user("carol");
        try {
            setZone(alice, "UTC");
            setZone(carol, "Pacific/Auckland");
            // who changed a tenant's settings, from what to what, is in its audit log (newest first)
            given().auth().oauth2(carol).queryParam("object_type", "settings").queryParam("limit", 1).when().get("/v1/audit-log").then()
                    .statusCode(200).body("entries[0].action", equalTo("settings.updated")).body("entries[0].actor", equalTo("carol"))
                    .body("entries[0].object_id", equalTo("globex")).body("entries[0].after.time_zone", equalTo("Pacific/Auckland"))
                    .body("entries[0].after.retention_days", equalTo(90));
            String wide = "from=" + now.minus(Duration.ofDays(3)) + "&to=" + now.plus(Duration.ofDays(1)) + "&project=" + project;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertEquals(3, summary(alice, wide).getLong("calls"));
                assertEquals(3, summary(carol, wide).getLong("calls"));
            });
            JsonPath utc = summary(alice, "period=today&project=" + project);
            JsonPath akl = summary(carol, "period=today&project=" + project);
            assertEquals(0, expectUtc.compareTo(new BigDecimal(utc.getString("total.amount"))));
            assertEquals(0, expectAkl.compareTo(new BigDecimal(akl.getString("total.amount"))));
            assertEquals("UTC", utc.getString("period.time_zone"));
            assertEquals("Pacific/Auckland", akl.getString("period.time_zone"));
            assertEquals(startAkl.toString(), Instant.parse(akl.getString("period.from")).toString());
            org.junit.jupiter.api.Assertions.assertNotEquals(0, expectUtc.compareTo(expectAkl), "the two todays differ");
        } finally {
            setZone(alice, "UTC");
            setZone(carol, "UTC");
        }
    }

    private void setZone(String token, String zone) {
        given().auth().oauth2(token).contentType("application/json").body("{\"time_zone\":\"" + zone + "\",\"retention_days\":90}")
                .when().put("/v1/report-settings").then().statusCode(200).body("time_zone", equalTo(zone));
    }

    @Test
    void rawEventsPageByCursorAndExportWholeRangesAsCsvAndNdjson() throws Exception {
        String project = "page-" + UUID.randomUUID();
        Instant base = Instant.now().minus(Duration.ofHours(3));
        for (int i = 0; i < 25; i++) {
            ReportEvents.send(infra, ReportEvents.priced("acme", project + "-" + i, base.plusSeconds(i), project, "f", "s-" + project,
                    "0.01", null));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(25, summary(bob(), "period=last_2_days&project=" + project).getLong("calls")));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(bob()).queryParam("project", project).queryParam("limit", 10);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/v1/usage-events").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.event_id", String.class));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(25, seen.size());
        assertEquals(25, new java.util.HashSet<>(seen).size(), "no event twice across pages");
        assertEquals(project + "-24", seen.get(0), "newest first");

        String csv = given().auth().oauth2(bob()).when().get("/v1/exports/usage-events.csv?period=last_2_days&project=" + project)
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(26, lines.length, "header and one line per event");
        assertEquals(true, lines[0].startsWith("event_id,occurred_at,provider,model"));
        assertEquals(true, lines[1].startsWith(project + "-0,"), "oldest first");
        String ndjson = given().auth().oauth2(bob()).when().get("/v1/exports/usage-events.ndjson?period=last_2_days&project=" + project)
                .then().statusCode(200).extract().asString();
        assertEquals(25, ndjson.lines().count());
        assertEquals(true, ndjson.lines().allMatch(l -> l.startsWith("{\"event_id\":\"" + project)), "one JSON object per line");
        given().auth().oauth2(bob()).when().get("/v1/usage-events?cursor=not-a-cursor").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/cursor"));
    }

    @Test
    void badReportParametersAreNamedAndNoCredentialIsRefused() {
        given().auth().oauth2(bob()).when().get("/v1/reports/summary?period=fortnight").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].pointer", equalTo("/period"));
        given().auth().oauth2(bob()).when().get("/v1/reports/breakdown?by=colour").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/by"));
        given().auth().oauth2(bob()).when().get("/v1/reports/summary?from=2026-11-02&to=2026-11-01").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/to"));
        given().auth().oauth2(bob()).when().get("/v1/reports/summary?time_zone=Mars/Olympus").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/time_zone"));
        given().auth().oauth2(bob()).contentType("application/json").body("{\"time_zone\":\"UTC\",\"retention_days\":90}")
                .when().put("/v1/report-settings").then().statusCode(403);
        given().when().get("/v1/reports/summary").then().statusCode(401);
        // PostgreSQL cannot hold U+0000 in text: refused as bad input, not a 500 from the query
        given().auth().oauth2(bob()).urlEncodingEnabled(false).when().get("/v1/reports/sessions/%00").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/session"));
        given().auth().oauth2(bob()).urlEncodingEnabled(false).when().get("/v1/reports/summary?project=a%00b").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/project"));
        given().auth().oauth2(infra.tokens().user("alice")).contentType("application/json")
                .body("{\"time_zone\":\"UTC\\u0000\",\"retention_days\":90}").when().put("/v1/report-settings").then()
                .statusCode(400);
        given().auth().oauth2(infra.tokens().user("alice")).contentType("application/json")
                .body("{\"time_zone\":\"UTC\",\"retention_days\":90,\"colour\":\"red\"}").when().put("/v1/report-settings").then()
                .statusCode(400).contentType(startsWith("application/problem+json")).body("errors[0].pointer", equalTo("/colour"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "days in {0} are the days of {1}")
    @org.junit.jupiter.params.provider.CsvSource({"+05:30, Asia/Kolkata", "UTC+05:30, Asia/Kolkata", "-03:00, America/Sao_Paulo", "GMT-03:00, America/Sao_Paulo"})
    void aFixedOffsetGivesTheDaysOfTheZoneWithThatOffset(String offset, String zone) throws Exception {
        String project = "offset-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Instant day = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(3));
        // around UTC midnight: east and west of Greenwich the same calls fall on different days
        int[] hours = {1, 20, 22, 30};
        for (int i = 0; i < hours.length; i++) {
            ReportEvents.send(infra, ReportEvents.priced("acme", project + "-" + i, day.plus(Duration.ofHours(hours[i])), project, "f", null,
                    String.valueOf(1 << i), null));
        }
        String range = "granularity=day&from=" + day.minus(Duration.ofDays(1)) + "&to=" + day.plus(Duration.ofDays(3)) + "&project=" + project;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(4, summary(bob(), range.substring(range.indexOf("from="))).getLong("calls")));
        List<Object> byOffset = given().auth().oauth2(bob()).queryParam("time_zone", offset).when().get("/v1/reports/timeseries?" + range)
                .then().statusCode(200).extract().jsonPath().getList("points");
        List<Object> byName = given().auth().oauth2(bob()).queryParam("time_zone", zone).when().get("/v1/reports/timeseries?" + range)
                .then().statusCode(200).extract().jsonPath().getList("points");
        List<Object> utc = given().auth().oauth2(bob()).queryParam("time_zone", "UTC").when().get("/v1/reports/timeseries?" + range)
                .then().statusCode(200).extract().jsonPath().getList("points");
        assertEquals(byName, byOffset);
        org.junit.jupiter.api.Assertions.assertNotEquals(utc, byOffset, "the offset moved the day boundaries");
        String localMidnight = "T00:00:00" + offset.replaceAll("^(UTC|GMT)", "");
        for (Object point : byName) {
            String local = String.valueOf(((java.util.Map<?, ?>) point).get("local_start"));
            assertTrue(local.endsWith(localMidnight), "each day starts at the zone's midnight, written with its offset: " + local);
            assertEquals(Instant.parse(String.valueOf(((java.util.Map<?, ?>) point).get("start"))), java.time.OffsetDateTime.parse(local).toInstant());
        }
    }
}
