package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CliFormattingTest {

    private static JsonNode json(String s) throws Exception {
        return Connection.json().readTree(s);
    }

    private static String print(Output.Format format, JsonNode answer, List<Output.Column> columns) {
        Output o = new Output();
        o.format = format;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        o.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), answer, answer.path("groups"), columns);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTableAlignsTextLeftAndNumbersRightWhileCsvKeepsTheExactValuesQuoted() throws Exception {
        JsonNode answer = json("""
                {"groups":[{"key":{"model":"gpt-4o"},"cost":{"amount":"12.345678901234"},"cost_display":"12.35","calls":1200},
                           {"key":{"model":"claude, the long one"},"cost":{"amount":"0.5"},"cost_display":"0.50","calls":7}]}""");
        assertEquals("""
                model                  cost  calls
                gpt-4o                12.35   1200
                claude, the long one   0.50      7
                """, print(Output.Format.table, answer, List.of(Output.Column.text("model", "/key/model"),
                Output.Column.number("cost", "/cost_display"), Output.Column.number("calls", "/calls"))));
        assertEquals("""
                model,cost,calls
                gpt-4o,12.345678901234,1200
                "claude, the long one",0.5,7
                """, print(Output.Format.csv, answer, List.of(Output.Column.text("model", "/key/model"),
                Output.Column.number("cost", "/cost/amount"), Output.Column.number("calls", "/calls"))));
    }

    @Test
    void aSparklineScalesToTheLargestValueAndShowsAnyCost() {
        assertEquals("▁▄█ ▁", Sparkline.of(List.of(new BigDecimal("1"), new BigDecimal("4"), new BigDecimal("8"), BigDecimal.ZERO,
                new BigDecimal("0.0001"))));
        assertEquals("   ", Sparkline.of(List.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO)));
    }

    @Test
    void aProblemDocumentIsPrintedInWordsWithEveryFieldNamed() throws Exception {
        assertEquals("Bad Request: 2 invalid parameters\n  /period: must be one of today, …\n  /model: is too long",
                Connection.problem(400, json("""
                        {"title":"Bad Request","detail":"2 invalid parameters","errors":[{"pointer":"/period","message":"must be one of today, …"},
                         {"pointer":"/model","message":"is too long"}]}""")));
    }

    @Test
    void filtersAndThePeriodBecomeTheReportApisQuery() {
        ReportQuery q = new ReportQuery();
        q.project = "checkout & co";
        q.model = "gpt-4o";
        assertEquals("?by=model&period=this_month&model=gpt-4o&project=checkout+%26+co", q.query(new java.util.LinkedHashMap<>(java.util.Map.of("by", "model"))));
        q.from = "2026-11-01";
        q.to = "2026-12-01";
        q.timeZone = "Europe/Paris";
        assertEquals("?from=2026-11-01&to=2026-12-01&time_zone=Europe%2FParis&model=gpt-4o&project=checkout+%26+co", q.query(java.util.Map.of()));
        assertEquals("?time_zone=Europe%2FParis&model=gpt-4o&project=checkout+%26+co", q.filters());
    }
}
