package dev.tokenledger.report.forecast;

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
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static dev.tokenledger.report.api.ReportEvents.priced;
import static dev.tokenledger.report.api.ReportEvents.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class ForecastApiTest {

    @InjectTestInfra
    TestInfra infra;

    @Test
    void burnRateProjectionAndNextMonthFollowTheHistoryAndTheBacktestIsReported() throws Exception {
        // the service takes "today" when asked: not across a UTC midnight (nor a month's end)
        CalendarGuard.clearOf(ChronoUnit.DAYS, Duration.ofMinutes(3), ZoneOffset.UTC);
        String project = "fc-" + UUID.randomUUID();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        BigDecimal monthToDate = BigDecimal.ZERO;
        // 90 complete days; a weekly pattern 10..16 USD, so any 7 (and 28) consecutive days average exactly 13
        for (int d = 1; d <= 90; d++) {
            LocalDate day = today.minusDays(d);
            BigDecimal cost = BigDecimal.valueOf(10 + day.toEpochDay() % 7);
            send(infra, priced("acme", project + "-" + d, day.atTime(12, 0).toInstant(ZoneOffset.UTC), project, "f", null, cost.toPlainString(), null));
            if (YearMonth.from(day).equals(YearMonth.from(today))) {
                monthToDate = monthToDate.add(cost);
            }
        }
        String bob = infra.tokens().user("bob");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(90, given().auth().oauth2(bob)
                .get("/v1/reports/summary?period=last_100_days&project=" + project).then().statusCode(200).extract().jsonPath()
                .getLong("calls")));
        JsonPath f = given().auth().oauth2(bob).get("/v1/reports/forecast?project=" + project).then().statusCode(200).extract().jsonPath();
        assertEquals(0, new BigDecimal("13").compareTo(new BigDecimal(f.getString("burn_rate_per_day.amount"))));
        assertEquals(0, monthToDate.compareTo(new BigDecimal(f.getString("month_to_date.amount"))));
        BigDecimal projection = new BigDecimal(f.getString("month_end_projection.amount"));
        BigDecimal remaining = new BigDecimal(f.getString("remaining_days"));
        assertEquals(0, monthToDate.add(new BigDecimal("13").multiply(remaining)).compareTo(projection));
        assertTrue(new BigDecimal(f.getString("month_end_interval.low.amount")).compareTo(projection) < 0);
        assertTrue(new BigDecimal(f.getString("month_end_interval.high.amount")).compareTo(projection) > 0);
        // one band point per day after today in this month, centred on the burn rate
        assertEquals(today.lengthOfMonth() - today.getDayOfMonth(), f.getList("daily_forecast").size());
        if (today.getDayOfMonth() < today.lengthOfMonth()) {
            assertEquals(today.plusDays(1).toString(), f.getString("daily_forecast[0].date"));
            assertEquals(0, new BigDecimal("13").compareTo(new BigDecimal(f.getString("daily_forecast[0].expected.amount"))));
        }
        int nextMonthDays = YearMonth.from(today).plusMonths(1).lengthOfMonth();
        assertEquals(0, BigDecimal.valueOf(13L * nextMonthDays).compareTo(new BigDecimal(f.getString("next_month.expected.amount"))));
        assertTrue(new BigDecimal(f.getString("next_month.low.amount")).compareTo(new BigDecimal(f.getString("next_month.expected.amount"))) < 0);
        assertTrue(f.getString("next_month.method").startsWith("mean daily cost"));
        assertEquals(5, f.getInt("backtest.windows"), "every 7 days with 28 days before and 30 after, in 90 days");
        BigDecimal mape = new BigDecimal(f.getString("backtest.mean_absolute_percentage_error"));
        assertNotNull(mape);
        System.out.printf("forecast backtest on 90 days of a weekly pattern: %d windows, MAPE %s %%, interval coverage %s %%%n",
                f.getInt("backtest.windows"), mape, f.getString("backtest.interval_coverage_percent"));
        assertTrue(mape.compareTo(new BigDecimal("5")) < 0, "a weekly pattern forecasts within 5 %: " + mape);
    }
}
