package dev.tokenledger.common.problem;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses a path or query parameter containing U+0000 with a 400 naming it: PostgreSQL cannot
 * store or compare it as text, so it would otherwise fail deep in a query as a 500. (Bodies are
 * checked by the JSON rules, {@code TextWithoutNul}.)
 */
public class NulCharacterFilter {

    @ServerRequestFilter
    public void refuseNul(UriInfo uri) {
        String bad = find(uri.getPathParameters());
        if (bad == null) {
            bad = find(uri.getQueryParameters());
        }
        if (bad != null) {
            throw ProblemException.validation("/" + bad, "must not contain the NUL character (U+0000)");
        }
    }

    private static String find(MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().indexOf('\u0000') >= 0) {
                return "";
            }
            for (String v : e.getValue()) {
                if (v != null && v.indexOf('\u0000') >= 0) {
                    return e.getKey();
                }
            }
        }
        return null;
    }
}
