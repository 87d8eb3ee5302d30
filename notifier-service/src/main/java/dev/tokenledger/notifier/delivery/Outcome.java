package dev.tokenledger.notifier.delivery;

/** What one attempt came to. {@code permanent}: retrying cannot help (a refused target, a 4xx answer). */
public record Outcome(boolean ok, Integer httpStatus, String error, boolean permanent) {

    public static Outcome delivered(Integer status) {
        return new Outcome(true, status, null, false);
    }

    public static Outcome failed(Integer status, String error) {
        return new Outcome(false, status, error, false);
    }

    public static Outcome refused(Integer status, String error) {
        return new Outcome(false, status, error, true);
    }

    /** 2xx delivered; 408, 429 and 5xx are worth retrying; any other answer will not change. */
    public static Outcome ofHttp(int status, String body) {
        if (status >= 200 && status < 300) {
            return delivered(status);
        }
        String error = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        return status == 408 || status == 429 || status >= 500 ? failed(status, error) : refused(status, error);
    }

    static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
