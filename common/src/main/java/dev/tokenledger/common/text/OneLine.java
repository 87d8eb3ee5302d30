package dev.tokenledger.common.text;

/**
 * Names that reach a header, an e-mail subject or a log line (budget, channel, route and API key
 * names) are one line of printable text: a CR or LF there forges a header or a log line, and other
 * control characters garble them.
 */
public final class OneLine {

    public static final String RULE = "must be one line of text without control characters";

    private OneLine() {
    }

    public static boolean isOneLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            int type = Character.getType(s.charAt(i));
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return false;
            }
        }
        return true;
    }

    /** The text with every control character and line break replaced by a space: for text already stored. */
    public static String flattened(String s) {
        if (s == null || isOneLine(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            b.append(type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR ? ' ' : c);
        }
        return b.toString();
    }
}
