package dev.tokenledger.common.problem;

import java.util.List;

/** Thrown anywhere in a request to answer with a problem document; nothing has been written when it is thrown. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Integer retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Integer retryAfterSeconds) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for a {@code Retry-After} header, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException validation(List<Problem.FieldError> errors) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400,
                errors.size() + " field(s) are invalid", errors));
    }

    public static ProblemException validation(String pointer, String message) {
        return validation(List.of(new Problem.FieldError(pointer, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "not-found", "Not found", 404, what + " was not found", List.of()));
    }

    /** 409: the request is well-formed but conflicts with what exists (e.g. it would rewrite price history). */
    public static ProblemException conflict(String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "conflict", "Conflict", 409, detail, List.of()));
    }

    /** 422: understood, but it cannot be done for this input (e.g. a quote for a model without a price). */
    public static ProblemException unprocessable(String pointer, String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "unprocessable", "Unprocessable request", 422, detail,
                List.of(new Problem.FieldError(pointer, detail))));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403, detail, List.of()));
    }

    /** 503 with {@code Retry-After}: nothing was accepted, the client should retry the same request later. */
    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "unavailable", "Service unavailable", 503, detail, List.of()),
                retryAfterSeconds);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "too-large", "Payload too large", 413, detail, List.of()));
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "unsupported-media-type", "Unsupported media type", 415, detail, List.of()));
    }
}
