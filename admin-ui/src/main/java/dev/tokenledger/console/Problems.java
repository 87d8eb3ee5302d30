package dev.tokenledger.console;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The console backend's own refusals, in the same application/problem+json shape as the services'. */
final class Problems {

    private Problems() {
    }

    static void send(RoutingContext rc, int status, String title, String detail) {
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                        .put("detail", detail).encode());
    }
}
