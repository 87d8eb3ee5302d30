package dev.tokenledger.pricing.pricer;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a model id may be priced under, most specific first: the id as sent, lower-cased,
 * without route prefixes ({@code models/gemini-2.5-pro}, {@code anthropic/claude-…} sent to a
 * provider directly) and without a dated-snapshot suffix ({@code claude-sonnet-4-5-20250929} →
 * {@code claude-sonnet-4-5}, {@code gpt-4o-2024-08-06} → {@code gpt-4o}).
 */
final class ModelNames {

    private static final Pattern DATE_SUFFIX = Pattern.compile("(-|@)(20\\d{6}|20\\d{2}-\\d{2}-\\d{2})$");
    private static final Pattern VERSION_SUFFIX = Pattern.compile("-v\\d+(:\\d+)?$");

    private ModelNames() {
    }

    static Set<String> variants(String model) {
        Set<String> names = new LinkedHashSet<>();
        names.add(model);
        String m = model.toLowerCase(Locale.ROOT).trim();
        names.add(m);
        if (m.startsWith("models/")) {
            m = m.substring("models/".length());
            names.add(m);
        }
        // a route prefix such as "openrouter/anthropic/" or "anthropic/" (kept last: an exact id with a slash wins)
        String bare = m.contains("/") ? m.substring(m.lastIndexOf('/') + 1) : m;
        String undated = DATE_SUFFIX.matcher(m).replaceFirst("");
        names.add(undated);
        names.add(bare);
        names.add(DATE_SUFFIX.matcher(bare).replaceFirst(""));
        names.add(VERSION_SUFFIX.matcher(DATE_SUFFIX.matcher(bare).replaceFirst("")).replaceFirst(""));
        return names;
    }
}
