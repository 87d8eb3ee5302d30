package dev.tokenledger.notifier.routing;

import dev.tokenledger.common.text.OneLine;
import dev.tokenledger.common.time.TimeZones;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A routing rule as a tenant admin writes it; {@link #validate} checks it whole and names every bad field. */
public record RouteRequest(String name, List<String> eventTypes, List<String> severities, List<Long> channelIds, Quiet quietHours) {

    public static final Set<String> EVENT_TYPES = Set.of("threshold_crossed", "limit_reached", "projected_to_exceed", "kill_switch_tripped",
            "period_reset", "unpriced_usage", "anomaly_open", "anomaly_resolved", "test");
    public static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    public record Quiet(String start, String end, String timeZone) {
    }

    public Route validate(long id, String tenant) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new Problem.FieldError("/name", "is required (at most 200 characters)"));
        } else if (!OneLine.isOneLine(name)) {
            errors.add(new Problem.FieldError("/name", OneLine.RULE));
        }
        List<String> types = eventTypes == null ? List.of() : eventTypes;
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) == null || !EVENT_TYPES.contains(types.get(i))) { // Set.of().contains(null) throws
                errors.add(new Problem.FieldError("/event_types/" + i, "must be one of " + new java.util.TreeSet<>(EVENT_TYPES)));
            }
        }
        List<String> sev = severities == null ? List.of() : severities;
        for (int i = 0; i < sev.size(); i++) {
            if (sev.get(i) == null || !SEVERITIES.contains(sev.get(i))) {
                errors.add(new Problem.FieldError("/severities/" + i, "must be one of [critical, info, warning]"));
            }
        }
        if (channelIds == null || channelIds.isEmpty() || channelIds.size() > 50 || channelIds.contains(null)) {
            errors.add(new Problem.FieldError("/channel_ids", "names 1 to 50 channels"));
        }
        QuietHours quiet = null;
        if (quietHours != null) {
            LocalTime s = time(quietHours.start(), "/quiet_hours/start", errors);
            LocalTime e = time(quietHours.end(), "/quiet_hours/end", errors);
            ZoneId zone = null;
            try {
                zone = TimeZones.parse(quietHours.timeZone() == null ? "UTC" : quietHours.timeZone());
            } catch (DateTimeException ex) {
                errors.add(new Problem.FieldError("/quiet_hours/time_zone", TimeZones.RULE));
            }
            if (s != null && e != null && s.equals(e)) {
                errors.add(new Problem.FieldError("/quiet_hours/end", "must differ from start"));
            }
            quiet = s != null && e != null && zone != null ? new QuietHours(s, e, zone) : null;
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new Route(id, tenant, name.trim(), List.copyOf(types), List.copyOf(sev), List.copyOf(channelIds), quiet, null);
    }

    private static LocalTime time(String text, String pointer, List<Problem.FieldError> errors) {
        try {
            return LocalTime.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(pointer, "must be a local time such as \"22:00\""));
            return null;
        }
    }
}
