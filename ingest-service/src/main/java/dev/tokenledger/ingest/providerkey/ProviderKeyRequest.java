package dev.tokenledger.ingest.providerkey;

import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.common.text.OneLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Body of {@code POST /v1/provider-keys}: the provider, a name (default {@code default}) and the key itself. */
public record ProviderKeyRequest(String provider, String name, String key) {

    public static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "gemini", "openrouter");
    public static final String DEFAULT_NAME = "default";

    public record Valid(String provider, String name, String key) {
    }

    public Valid validate() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (provider == null || !PROVIDERS.contains(provider)) {
            errors.add(new Problem.FieldError("/provider", "is required: one of " + new java.util.TreeSet<>(PROVIDERS)));
        }
        String n = name == null ? DEFAULT_NAME : name.strip();
        if (!validName(n)) {
            errors.add(new Problem.FieldError("/name", NAME_RULE));
        }
        keyErrors("/key", key, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new Valid(provider, n, key);
    }

    public static final String NAME_RULE = "1 to 100 letters, digits, '.', '_' or '-'";

    public static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9._-]{1,100}");
    }

    /** A provider key is one printable line without spaces, 8 to 4,096 characters; never echoed back in the error. */
    static void keyErrors(String pointer, String key, List<Problem.FieldError> errors) {
        if (key == null || key.length() < 8 || key.length() > 4096) {
            errors.add(new Problem.FieldError(pointer, "is required: the provider's key, 8 to 4096 characters"));
        } else if (!OneLine.isOneLine(key) || key.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            errors.add(new Problem.FieldError(pointer, "must be one line without spaces or control characters"));
        } else if (key.startsWith(dev.tokenledger.common.access.ApiKeyFormat.PREFIX)) {
            errors.add(new Problem.FieldError(pointer, "is a tokenledger API key, not the provider's"));
        }
    }

    /** Body of {@code POST /v1/provider-keys/{id}/rotation}: the new key. */
    public record Rotation(String key) {
        public String validKey() {
            List<Problem.FieldError> errors = new ArrayList<>();
            keyErrors("/key", key, errors);
            if (!errors.isEmpty()) {
                throw ProblemException.validation(errors);
            }
            return key;
        }
    }
}
