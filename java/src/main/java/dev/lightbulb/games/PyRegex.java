package dev.lightbulb.games;

import dev.lightbulb.LightbulbException;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a Python {@code re} pattern (as stored in clembench instances) to java.util.regex with
 * Python's semantics: {@code (?P<name>...)} groups, only "\n" ends a line (for ., ^ and $), and
 * Unicode classes for \s \w \d (Python 3 str patterns; Python's \s is str.isspace(), which also
 * holds the separators U+001C..U+001F that Java's \s lacks). Use {@code matcher(..).lookingAt()}
 * for {@code re.match}.
 */
public final class PyRegex {
    private PyRegex() {}

    public static Pattern compile(String python, boolean ignoreCase, String where) {
        String java = pythonSpaces(python.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>"));
        int flags = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;
        if (ignoreCase) flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        try {
            return Pattern.compile(java, flags);
        } catch (PatternSyntaxException e) {
            throw new LightbulbException(where + ": not a valid regular expression (" + e.getDescription() + ")");
        }
    }

    /** Python's \s (and \S outside a class) as Java classes that include U+001C..U+001F. */
    static String pythonSpaces(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char n = pattern.charAt(++i);
                if (n == 's') out.append(inClass ? "\\s\\x1c-\\x1f" : "[\\s\\x1c-\\x1f]");
                else if (n == 'S' && !inClass) out.append("[^\\s\\x1c-\\x1f]");
                else out.append(c).append(n);
                continue;
            }
            if (c == '[' && !inClass) inClass = true;
            else if (c == ']' && inClass) inClass = false;
            out.append(c);
        }
        return out.toString();
    }
}
