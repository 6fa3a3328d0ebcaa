package dev.lightbulb.games.transcript;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code str()} of a value loaded by {@code json.load}: a string as it is, anything else as its
 * repr ({@code {'guess': 'crane'}}, {@code True}, {@code None}, {@code 1e-05}). clembench's transcripts show
 * an event's non-string content this way (wordle logs its parsed answer as a dict), so ours show the same text.
 */
public final class PyStr {
    private PyStr() {}

    /** {@code str(value)}. */
    public static String of(JsonNode value) {
        return value.isTextual() ? value.asText() : repr(value);
    }

    /** {@code repr(value)} for the types json.load makes: dict, list, str, int, float, bool, None. */
    public static String repr(JsonNode v) {
        StringBuilder out = new StringBuilder();
        repr(v, out);
        return out.toString();
    }

    private static void repr(JsonNode v, StringBuilder out) {
        if (v == null || v.isNull() || v.isMissingNode()) out.append("None");
        else if (v.isBoolean()) out.append(v.asBoolean() ? "True" : "False");
        else if (v.isTextual()) string(v.asText(), out);
        else if (v.isIntegralNumber()) out.append(v.bigIntegerValue());
        else if (v.isNumber()) out.append(floatRepr(v.doubleValue()));
        else if (v.isArray()) {
            out.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) out.append(", ");
                repr(v.get(i), out);
            }
            out.append(']');
        } else if (v.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                string(e.getKey(), out);
                out.append(": ");
                repr(e.getValue(), out);
                if (it.hasNext()) out.append(", ");
            }
            out.append('}');
        } else out.append(v.asText());
    }

    /** {@code repr(str)}: single quotes unless the text holds a ' and no ", escapes as CPython's unicode_repr. */
    static void string(String s, StringBuilder out) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == quote || c == '\\') out.append('\\').appendCodePoint(c);
            else if (c == '\t') out.append("\\t");
            else if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c < ' ' || c == 0x7f) out.append(String.format("\\x%02x", c));
            else if (c < 0x7f || printable(c)) out.appendCodePoint(c);
            else if (c <= 0xff) out.append(String.format("\\x%02x", c));
            else if (c <= 0xffff) out.append(String.format("\\u%04x", c));
            else out.append(String.format("\\U%08x", c));
        }
        out.append(quote);
    }

    /** Python's str.isprintable() for one code point: not a control, format, surrogate, private, unassigned or separator (space excepted). */
    static boolean printable(int c) {
        if (c == ' ') return true;
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * {@code repr(float)}: the shortest digits that read back to the same double, positional for
     * 1e-4 <= |x| < 1e16 and with at least one decimal ("1.0"), else scientific with a signed two-digit
     * exponent ("1e-05", "1.5e+16").
     */
    static String floatRepr(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return (1 / x < 0) ? "-0.0" : "0.0";
        BigDecimal d = shortest(Math.abs(x));
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();          // x = d.ddd × 10^exp
        String sign = x < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
        if (digits.length() <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length()) + ".0";
        return sign + digits.substring(0, exp + 1) + "." + digits.substring(exp + 1);
    }

    /**
     * The shortest decimal that reads back as x, the nearest to x among those (Python's repr). Double.toString is
     * shortest too, but writes at least two digits and may then pick another pair (4.9E-324 where Python says 5e-324),
     * so fewer digits of x's exact value are tried first.
     */
    private static BigDecimal shortest(double x) {
        BigDecimal javas = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        BigDecimal exact = new BigDecimal(x);
        for (int p = 1; p < javas.precision(); p++) {
            BigDecimal candidate = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == x) return candidate.stripTrailingZeros();
        }
        return javas;
    }
}
