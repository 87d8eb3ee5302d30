package dev.tokenledger.report.display;

import dev.tokenledger.common.problem.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** JSON by default; CSV when asked with {@code format=csv} or an Accept header preferring text/csv. */
public final class Formats {

    private Formats() {
    }

    public static boolean wantsCsv(String format, HttpHeaders headers) {
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ProblemException.validation("/format", "must be json or csv");
            };
        }
        for (MediaType t : headers.getAcceptableMediaTypes()) {
            if (t.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !t.isWildcardType()) {
                return false;
            }
            if (t.getType().equals("text") && t.getSubtype().equals("csv")) {
                return true;
            }
        }
        return false;
    }

    public static Response respond(Object view, String format, HttpHeaders headers) {
        if (wantsCsv(format, headers)) {
            if (!(view instanceof CsvTable)) {
                throw ProblemException.validation("/format", "this report has no CSV form");
            }
            return Response.ok(view, CsvWriter.TEXT_CSV + "; charset=utf-8").build();
        }
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
