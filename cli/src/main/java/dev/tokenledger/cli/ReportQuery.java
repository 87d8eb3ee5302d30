package dev.tokenledger.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The period and filters every report takes, as the report API's query parameters. */
public final class ReportQuery {

    @Option(names = "--period", description = "today, yesterday, this_week, last_week, this_month, last_month or last_N_days (default: this_month).")
    String period;

    @Option(names = "--from", description = "Start (RFC 3339 instant or local date), with --to instead of --period.")
    String from;

    @Option(names = "--to", description = "End, exclusive.")
    String to;

    @Option(names = "--time-zone", description = "IANA time zone of the period (default: the tenant's).")
    String timeZone;

    @Option(names = "--provider", description = "Only this provider.")
    String provider;
    @Option(names = "--model", description = "Only this model.")
    String model;
    @Option(names = "--operation", description = "Only this operation.")
    String operation;
    @Option(names = "--project", description = "Only this project.")
    String project;
    @Option(names = "--environment", description = "Only this environment.")
    String environment;
    @Option(names = "--user", description = "Only this user.")
    String user;
    @Option(names = "--customer", description = "Only this customer.")
    String customer;
    @Option(names = "--feature", description = "Only this feature.")
    String feature;
    @Option(names = "--agent", description = "Only this agent.")
    String agent;
    @Option(names = "--session", description = "Only this session.")
    String session;

    /** The query string ({@code ?a=b&…}) with {@code extra} parameters first. */
    String query(Map<String, String> extra) {
        Map<String, String> q = new LinkedHashMap<>(extra);
        if (from != null || to != null) {
            put(q, "from", from);
            put(q, "to", to);
        } else {
            q.put("period", period != null ? period : "this_month");
        }
        return string(q);
    }

    /** The filters alone (a forecast has no period). */
    String filters() {
        return string(new LinkedHashMap<>());
    }

    private String string(Map<String, String> q) {
        put(q, "time_zone", timeZone);
        put(q, "provider", provider);
        put(q, "model", model);
        put(q, "operation", operation);
        put(q, "project", project);
        put(q, "environment", environment);
        put(q, "user", user);
        put(q, "customer", customer);
        put(q, "feature", feature);
        put(q, "agent", agent);
        put(q, "session", session);
        List<String> parts = new ArrayList<>();
        q.forEach((k, v) -> parts.add(Connection.enc(k) + "=" + Connection.enc(v)));
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void put(Map<String, String> q, String key, String value) {
        if (value != null) {
            q.put(key, value);
        }
    }
}
