package dev.tokenledger.console;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The console's backend for its pages: {@code /api/<service>/<path>} is {@code <service>/v1/<path>}
 * called with the signed-in user's access token, which never reaches the browser. The services do
 * all the checking (tenant, role, input); this only forwards, streams answers (exports) back as they
 * come, and turns an unreachable service into a problem+json the pages can show.
 */
@ApplicationScoped
public class ServiceGateway {

    static final String PREFIX = "/api/";
    /** The act-for header a platform-admin's console sends (the services decide whether it is allowed). */
    static final String ACT_AS_HEADER = "X-Tokenledger-Tenant";
    private static final List<CharSequence> FORWARDED_REQUEST_HEADERS = List.of(
            HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE, ACT_AS_HEADER, "Last-Event-ID");
    private static final List<CharSequence> FORWARDED_RESPONSE_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.LOCATION, "Retry-After", "ETag", "Link");
    private static final Pattern SERVICE_PATH = Pattern.compile("/api/([a-z]+)/([A-Za-z0-9._~:@!$&'()*+,;=%/-]*)");
    private static final Logger LOG = Logger.getLogger(ServiceGateway.class);

    @Inject
    ConsoleConfig config;

    @Inject
    Vertx vertx;

    private HttpClient client;

    void routes(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(32)
                .setConnectTimeout(5_000).setIdleTimeout(60));
        // bodies are read whole (the largest, a provider bill, is held to 10 MB by the report-service)
        router.route(PREFIX + "*").handler(BodyHandler.create().setBodyLimit(10L * 1024 * 1024));
        router.route(PREFIX + "*").handler(this::forward);
    }

    void forward(RoutingContext rc) {
        var m = SERVICE_PATH.matcher(rc.request().path());
        String base = m.matches() ? config.services().byName(m.group(1)).orElse(null) : null;
        if (base == null) {
            Problems.send(rc, 404, "Not Found", "no such console API: " + rc.request().path());
            return;
        }
        String csrf = CsrfGuard.refusal(rc);
        if (csrf != null) {
            Problems.send(rc, 403, "Forbidden", csrf);
            return;
        }
        String token = accessToken(rc);
        if (token == null) {
            Problems.send(rc, 401, "Unauthorized", "sign in again: the session holds no access token");
            return;
        }
        URI target = URI.create(base);
        String query = rc.request().query();
        RequestOptions options = new RequestOptions()
                .setMethod(rc.request().method())
                .setHost(target.getHost())
                .setPort(target.getPort() > 0 ? target.getPort() : 80)
                .setSsl("https".equals(target.getScheme()))
                .setURI(target.getRawPath().replaceAll("/$", "") + "/v1/" + m.group(2) + (query == null ? "" : "?" + query))
                .setTimeout(config.serviceTimeout().toMillis())
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        for (CharSequence h : FORWARDED_REQUEST_HEADERS) {
            String v = rc.request().getHeader(h);
            if (v != null) {
                options.putHeader(h, v);
            }
        }
        Buffer body = rc.body().buffer();
        client.request(options)
                .compose(req -> body == null || body.length() == 0 ? req.send() : req.send(body))
                .onSuccess(resp -> relay(rc, resp))
                .onFailure(e -> {
                    LOG.warnf("%s %s: %s", m.group(1), rc.request().path(), e.toString());
                    if (!rc.response().headWritten()) {
                        Problems.send(rc, 502, "Bad Gateway", "the " + m.group(1) + "-service did not answer: " + e.getMessage());
                    }
                });
    }

    private static void relay(RoutingContext rc, HttpClientResponse resp) {
        var out = rc.response().setStatusCode(resp.statusCode());
        for (CharSequence h : FORWARDED_RESPONSE_HEADERS) {
            String v = resp.getHeader(h);
            if (v != null) {
                out.putHeader(h, v);
            }
        }
        String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else {
            out.setChunked(true);
        }
        // streamed with back-pressure: an export of a million rows is never held here whole
        resp.pipeTo(out);
    }

    private static String accessToken(RoutingContext rc) {
        if (!(rc.user() instanceof QuarkusHttpUser user)) {
            return null;
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        return credential == null ? null : credential.getToken();
    }
}
