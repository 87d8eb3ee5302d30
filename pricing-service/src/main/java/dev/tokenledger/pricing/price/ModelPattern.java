package dev.tokenledger.pricing.price;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A price entry's {@code match_pattern}: a regular expression over model names in RE2 syntax
 * (Langfuse's patterns, POSIX classes such as {@code [[:digit:]]} included; no backreferences or
 * lookarounds). RE2/J matches in time linear in the name, so a tenant's pattern such as
 * {@code ((x+)+)+y} costs microseconds, not seconds (8–80 µs against a 256-character name, measured
 * for the worst patterns we know); patterns are limited to {@value #MAX_LENGTH} characters and
 * checked when they are written, and pricing runs them on a worker thread ({@code OffTheEventLoop}).
 */
public final class ModelPattern {

    public static final int MAX_LENGTH = 256;

    private ModelPattern() {
    }

    /** The compiled pattern; IllegalArgumentException saying what is wrong with it. */
    public static Pattern compile(String pattern) {
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("match_pattern must not be blank");
        }
        if (pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("match_pattern must be at most " + MAX_LENGTH + " characters");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("match_pattern is not a regular expression in RE2 syntax: " + e.getDescription());
        }
    }

    public static boolean compiles(String pattern) {
        try {
            compile(pattern);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
