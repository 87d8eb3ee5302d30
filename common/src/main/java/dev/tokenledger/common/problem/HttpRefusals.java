package dev.tokenledger.common.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/**
 * Refusals made before a resource method runs — authentication and the permission on {@code /v1/*}
 * (checked by the HTTP layer, before JAX-RS), a chunked body over the limit — answered as problem
 * documents like every other error, instead of an empty body. Inside JAX-RS the same refusals go
 * through {@link ProblemMappers}.
 */
@ApplicationScoped
public class HttpRefusals {

    public static final String CHALLENGE = "Bearer realm=\"tokenledger\"";

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::refuse);
    }

    void refuse(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable failure = ctx.failure();
        ProblemException refusal;
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            refusal = unauthenticated();
            ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
        } else if (failure instanceof ForbiddenException) {
            refusal = forbidden();
        } else if (ctx.statusCode() == 413) {
            refusal = ProblemException.tooLarge("the body is larger than this endpoint accepts");
            ctx.response().putHeader("Connection", "close");
        } else {
            ctx.next();
            return;
        }
        ProblemMappers.send(ctx.response(), refusal);
    }

    public static ProblemException unauthenticated() {
        return new ProblemException(new Problem(Problem.TYPE_BASE + "unauthenticated", "Unauthorized", 401,
                "a valid access token (Authorization: Bearer) or API key (X-Api-Key, or Authorization: Bearer tlk_…) is required",
                List.of()));
    }

    static ProblemException forbidden() {
        return ProblemException.forbidden("the credential does not have the role this request needs");
    }
}
