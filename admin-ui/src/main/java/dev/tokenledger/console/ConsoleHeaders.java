package dev.tokenledger.console;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on everything the console answers, redirects and refusals included. The page
 * may load scripts, styles and data from its own origin only (no inline script, no CDN); API
 * answers are never cached, framed or run.
 */
@ApplicationScoped
public class ConsoleHeaders {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.request().path();
            rc.addHeadersEndHandler(v -> apply(rc.response().headers(), path));
            rc.next();
        }, 20_000);
    }

    static void apply(MultiMap headers, String path) {
        headers.set("Content-Security-Policy", POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "same-origin");
        if (path.startsWith(ServiceGateway.PREFIX) || path.equals("/session")) {
            headers.set("Cache-Control", "no-store");
        }
    }
}
