package dev.tokenledger.common.problem;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A path or query parameter that does not convert to its type, as a 400 naming the parameter where it can be found. */
final class ParameterErrors {

    private static final Pattern INPUT = Pattern.compile("For input string: \\\\?\"(.*?)\\\\?\"(?: under radix \\d+)?$");

    private ParameterErrors() {
    }

    static Problem unconvertible(Throwable cause, UriInfo uri) {
        String value = badValue(cause);
        String name = value == null || uri == null ? null : find(value, uri.getQueryParameters());
        if (name == null && value != null && uri != null) {
            name = find(value, uri.getPathParameters());
        }
        String what = cause instanceof NumberFormatException ? "a whole number" : "a value of the parameter's type";
        String message = "must be " + what + (value != null ? ", not '" + value + "'" : "");
        return new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, "a path or query parameter is not valid",
                List.of(new Problem.FieldError(name == null ? "" : "/" + name, message)));
    }

    static String badValue(Throwable cause) {
        if (cause == null || cause.getMessage() == null) {
            return null;
        }
        Matcher m = INPUT.matcher(cause.getMessage());
        return m.find() ? m.group(1) : null;
    }

    private static String find(String value, MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getValue().contains(value)) {
                return e.getKey();
            }
        }
        return null;
    }
}
