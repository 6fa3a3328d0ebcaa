package dev.lightbulb;

/**
 * Text taken from a user's file (a key, a tensor name, a value, a parser's complaint about it), made safe for a
 * one-line error message: short, with control, format and unprintable characters escaped, so that a corrupt file can
 * never pour kilobytes of binary onto the terminal.
 */
public final class Excerpt {
    private Excerpt() {}

    /** Characters of a quoted value that are shown; longer text is cut and its length given. */
    public static final int MAX_CHARS = 48;

    /** Characters of a parser's message that are shown. */
    public static final int MAX_MESSAGE_CHARS = 160;

    /** {@code 'text'}, escaped and cut to {@link #MAX_CHARS}; {@code null} gives {@code null}. */
    public static String quote(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder("'");
        int shown = escape(text, MAX_CHARS, true, out);
        out.append('\'');
        int total = text.codePointCount(0, text.length());
        if (total > shown) out.append("... (").append(total).append(" characters)");
        return out.toString();
    }

    /**
     * A parser's message about a user's file (which may quote the file): its first line, unprintable characters
     * escaped, cut to {@link #MAX_MESSAGE_CHARS}.
     */
    public static String message(String parserMessage) {
        if (parserMessage == null) return "";
        String first = parserMessage.lines().findFirst().orElse("");
        StringBuilder out = new StringBuilder();
        int shown = escape(first, MAX_MESSAGE_CHARS, false, out);
        if (first.codePointCount(0, first.length()) > shown) out.append("...");
        return out.toString();
    }

    /** Appends up to {@code max} code points of {@code text}, escaped; returns how many. */
    private static int escape(String text, int max, boolean escapeQuotes, StringBuilder out) {
        int shown = 0;
        for (int i = 0; i < text.length() && shown < max; shown++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (escapeQuotes && (c == '\'' || c == '\\')) out.append('\\').append((char) c);
            else if (printable(c)) out.appendCodePoint(c);
            else if (c < 0x100) out.append(String.format("\\x%02x", c));
            else if (c <= 0xFFFF) out.append(String.format("\\u%04x", c));
            else out.append(String.format("\\U%08x", c));
        }
        return shown;
    }

    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> c != 0xFFFD;   // a replacement character stands for bytes that were not UTF-8: show it as such
        };
    }
}
