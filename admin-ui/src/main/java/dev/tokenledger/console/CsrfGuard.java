package dev.tokenledger.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Double-submit protection for the state-changing calls the console's pages make: the page reads
 * a random token from a cookie only this origin can read and sends it back in a header; a form or
 * script on another site can make the browser send the cookie, but cannot read it to fill the
 * header. The session cookie's SameSite=Lax is the second wall.
 */
final class CsrfGuard {

    static final String COOKIE = "tl_csrf";
    static final String HEADER = "X-Tokenledger-CSRF";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfGuard() {
    }

    /** Gives the browser a token when it has none (on every page load). */
    static void issue(RoutingContext rc) {
        Cookie existing = rc.request().getCookie(COOKIE);
        if (existing != null && existing.getValue().length() >= 32) {
            return;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        rc.response().addCookie(Cookie.cookie(COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
                .setPath("/").setSameSite(CookieSameSite.STRICT).setHttpOnly(false));
    }

    /** Null when the request may go on, else why it may not. */
    static String refusal(RoutingContext rc) {
        if (SAFE.contains(rc.request().method())) {
            return null;
        }
        Cookie cookie = rc.request().getCookie(COOKIE);
        String header = rc.request().getHeader(HEADER);
        if (cookie == null || header == null) {
            return "a change needs the " + HEADER + " header with the token of the " + COOKIE + " cookie (reload the page)";
        }
        if (!MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8))) {
            return "the " + HEADER + " header does not match this browser's " + COOKIE + " cookie (reload the page)";
        }
        String origin = rc.request().getHeader("Origin");
        if (origin != null && !sameAuthority(origin, rc)) {
            return "a change from another origin (" + origin + ") is not accepted";
        }
        return null;
    }

    /** Host and port only: behind a proxy that ends TLS the scheme seen here is not the browser's. */
    private static boolean sameAuthority(String origin, RoutingContext rc) {
        try {
            return java.net.URI.create(origin).getRawAuthority().equalsIgnoreCase(rc.request().authority().toString());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
