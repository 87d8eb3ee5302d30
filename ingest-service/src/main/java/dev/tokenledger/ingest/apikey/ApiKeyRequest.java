package dev.tokenledger.ingest.apikey;

import dev.tokenledger.common.text.OneLine;
import dev.tokenledger.common.caller.Roles;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Body of {@code POST /v1/api-keys}: a name, the scopes ({@code ingest}, {@code gateway}), optionally a project and a rate. */
public record ApiKeyRequest(String name, List<String> scopes, String project, Integer rateLimitPerMinute) {

    public static final int DEFAULT_RATE_PER_MINUTE = 6000;

    public record Valid(String name, Set<String> scopes, String project, int rateLimitPerMinute) {
    }

    public Valid validate() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 100) {
            errors.add(new Problem.FieldError("/name", "is required, at most 100 characters"));
        } else if (!OneLine.isOneLine(name)) {
            errors.add(new Problem.FieldError("/name", OneLine.RULE));
        }
        Set<String> scopeSet = new LinkedHashSet<>();
        if (scopes == null || scopes.isEmpty()) {
            errors.add(new Problem.FieldError("/scopes", "is required: one or both of " + Roles.API_KEY_SCOPES));
        } else {
            for (int i = 0; i < scopes.size(); i++) {
                String s = scopes.get(i);
                if (s == null || !Roles.API_KEY_SCOPES.contains(s)) {
                    errors.add(new Problem.FieldError("/scopes/" + i, "must be one of " + Roles.API_KEY_SCOPES));
                } else {
                    scopeSet.add(s);
                }
            }
        }
        if (project != null && (project.isBlank() || project.length() > 200)) {
            errors.add(new Problem.FieldError("/project", "must be 1 to 200 characters when given"));
        }
        int rate = rateLimitPerMinute == null ? DEFAULT_RATE_PER_MINUTE : rateLimitPerMinute;
        if (rate < 1 || rate > 600_000) {
            errors.add(new Problem.FieldError("/rate_limit_per_minute", "must be between 1 and 600000"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new Valid(name.strip(), scopeSet, project, rate);
    }
}
