package dev.tokenledger.common.problem;

import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}) with the product's
 * {@code errors} extension: every wrong field as a JSON pointer and a message.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://tokenledger.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public record FieldError(String pointer, String message) {
    }
}
