package dev.tokenledger.common.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every response, including the 401s and 413s answered before a resource runs.
 * API responses may not be framed, sniffed, cached or run as a page; the UI paths (Swagger UI
 * today, the admin UI later) get a policy that lets them load their own scripts and nothing else.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    static final String UI_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.request().path();
            rc.addHeadersEndHandler(v -> apply(rc.response().headers(), path));
            rc.next();
        }, 20_000);
    }

    static void apply(MultiMap headers, String path) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        if (isUi(path)) {
            headers.set("Content-Security-Policy", UI_POLICY);
        } else {
            headers.set("Content-Security-Policy", API_POLICY);
            headers.set("Cache-Control", "no-store");
        }
    }

    static boolean isUi(String path) {
        return path != null && (path.startsWith("/q/swagger-ui") || path.startsWith("/ui"));
    }
}
