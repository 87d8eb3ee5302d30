package dev.tokenledger.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What is wrong with a JSON value, in the words of the API (a whole number, an RFC 3339 time, one
 * of …), never in Java's: a client should not learn, or need, the server's type names.
 */
public final class JsonErrorText {

    /** A Java name as Jackson quotes it: {@code `java.lang.Integer`}, {@code `dev.tokenledger.x.Y$Z`}. */
    private static final Pattern JAVA_NAME = Pattern.compile("`[a-zA-Z_$][\\w$]*(\\.[\\w$]+)+(\\[])?`");
    private static final Pattern SOURCE = Pattern.compile("\\s*(at )?\\[Source:.*", Pattern.DOTALL);

    private JsonErrorText() {
    }

    public static String of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            // a record's own check (its compact constructor) says what is wrong
            return scrub(v.getCause().getMessage());
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null) {
            return "must be " + kind(f.getTargetType()) + (f.getValue() != null ? ", not '" + f.getValue() + "'" : "");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && m.getClass() == MismatchedInputException.class) {
            return "must be " + kind(m.getTargetType());
        }
        return scrub(e.getOriginalMessage());
    }

    /** The JSON kind of value a Java type is read from. */
    static String kind(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class
                || type == short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a decimal number (a string such as \"0.0025\" keeps every digit)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 time or date string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> "'" + c + "'").collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** Drops Java type names and Jackson's source excerpt from a message. */
    static String scrub(String message) {
        if (message == null) {
            return "the value cannot be read";
        }
        String text = SOURCE.matcher(message).replaceAll("");
        return JAVA_NAME.matcher(text).replaceAll("the expected value").trim();
    }
}
