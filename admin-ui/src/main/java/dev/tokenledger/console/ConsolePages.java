package dev.tokenledger.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The single page every console address answers with (so that a bookmarked or shared view, e.g.
 * {@code /explore?period=last_month&by=model}, opens as it was), and {@code /session}: who is
 * signed in, for the page's header. The page's scripts read everything else through {@code /api/}.
 */
@ApplicationScoped
public class ConsolePages {

    /** The console's pages: each is a module under /app/pages/. */
    static final List<String> PAGES = List.of("overview", "explore", "sessions", "budgets", "alerts", "prices",
            "forecast", "reconciliation", "keys", "audit", "settings");

    private final String index = read("/META-INF/console/index.html");
    private final String signedOut = read("/META-INF/console/signed-out.html");

    void routes(@Observes Router router) {
        router.get("/").handler(this::page);
        for (String p : PAGES) {
            router.get("/" + p).handler(this::page);
            router.get("/" + p + "/*").handler(this::page);
        }
        router.get("/session").handler(ConsolePages::session);
        router.get("/signed-out").handler(rc -> rc.response().putHeader("Content-Type", "text/html; charset=utf-8").end(signedOut));
    }

    void page(RoutingContext rc) {
        CsrfGuard.issue(rc);
        rc.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store").end(index);
    }

    static void session(RoutingContext rc) {
        CsrfGuard.issue(rc);
        JsonObject body = new JsonObject();
        if (rc.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            body.put("subject", identity.getPrincipal().getName());
            if (identity.getPrincipal() instanceof JsonWebToken idToken) {
                body.put("name", firstNonBlank(idToken.getClaim("preferred_username"), idToken.getName()));
                body.put("email", (String) idToken.getClaim("email"));
                // when the tokens behind this session are renewed next (silently, on the first call after it)
                body.put("expires_at", Instant.ofEpochSecond(idToken.getExpirationTime()).toString());
            }
        }
        rc.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static String firstNonBlank(Object a, String b) {
        return a instanceof CharSequence s && !s.toString().isBlank() ? s.toString() : b;
    }

    private static String read(String resource) {
        try (InputStream in = ConsolePages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
