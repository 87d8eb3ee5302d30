package dev.tokenledger.notifier.channel;

import dev.tokenledger.common.text.OneLine;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A channel as a tenant admin writes it; {@link #validate} checks it whole and names every bad field. */
public record ChannelRequest(String name, String type, String url, List<String> recipients) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\",]+@[^@\\s<>\",]+\\.[^@\\s<>\",]+");

    public record Valid(String name, Channel.Type type, String url, List<String> recipients) {
    }

    public Valid validate(TargetPolicy policy) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new Problem.FieldError("/name", "is required (at most 200 characters)"));
        } else if (!OneLine.isOneLine(name)) {
            errors.add(new Problem.FieldError("/name", OneLine.RULE));
        }
        Channel.Type t = null;
        try {
            t = type == null ? null : Channel.Type.valueOf(type.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            t = null;
        }
        if (t == null) {
            errors.add(new Problem.FieldError("/type", "must be one of [webhook, slack, email, alertmanager]"));
        }
        List<String> to = recipients == null ? List.of() : recipients;
        if (t == Channel.Type.EMAIL) {
            if (to.isEmpty() || to.size() > 20) {
                errors.add(new Problem.FieldError("/recipients", "an e-mail channel needs 1 to 20 addresses"));
            }
            for (int i = 0; i < to.size(); i++) {
                if (to.get(i) == null || !EMAIL.matcher(to.get(i).trim()).matches()) {
                    errors.add(new Problem.FieldError("/recipients/" + i, "is not an e-mail address"));
                }
            }
            if (url != null) {
                errors.add(new Problem.FieldError("/url", "an e-mail channel has no url"));
            }
        } else if (t != null) {
            if (url == null || url.isBlank()) {
                errors.add(new Problem.FieldError("/url", "is required for a " + t.wireName() + " channel"));
            } else if (url.length() > 2000) {
                errors.add(new Problem.FieldError("/url", "is longer than 2000 characters"));
            } else {
                String refused = policy.refusal(url.trim());
                if (refused != null) {
                    errors.add(new Problem.FieldError("/url", refused));
                }
            }
            if (!to.isEmpty()) {
                errors.add(new Problem.FieldError("/recipients", "only an e-mail channel has recipients"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new Valid(name.trim(), t, t == Channel.Type.EMAIL ? null : url.trim(), to.stream().map(String::trim).toList());
    }
}
