package dev.lightbulb.games;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The few Python string and number behaviours the clembench games depend on, reproduced exactly. */
public final class PyText {
    private PyText() {}

    /** Python's {@code string.punctuation}. */
    public static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /** Python's {@code str.isspace()} for one char (the set {@code str.strip()} removes). */
    public static boolean isSpace(char c) {
        return switch (c) {
            case ' ', '\t', '\n', '\u000b', '\f', '\r', '\u001c', '\u001d', '\u001e', '\u001f',
                 '\u0085', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000' -> true;
            default -> c >= '\u2000' && c <= '\u200a';
        };
    }

    /** Python's {@code str.strip()} with no argument. */
    public static String strip(String s) {
        int b = 0, e = s.length();
        while (b < e && isSpace(s.charAt(b))) b++;
        while (e > b && isSpace(s.charAt(e - 1))) e--;
        return s.substring(b, e);
    }

    /** Python's {@code str.strip(chars)}. */
    public static String strip(String s, String chars) {
        int b = 0, e = s.length();
        while (b < e && chars.indexOf(s.charAt(b)) >= 0) b++;
        while (e > b && chars.indexOf(s.charAt(e - 1)) >= 0) e--;
        return s.substring(b, e);
    }

    /** Removes every character of {@code string.punctuation} (str.translate with a deletion table). */
    public static String removePunctuation(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) if (PUNCTUATION.indexOf(s.charAt(i)) < 0) out.append(s.charAt(i));
        return out.toString();
    }

    /** Python's {@code str.isalpha()}: non-empty and every code point a letter. */
    public static boolean isAlpha(String s) {
        return !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
    }

    /**
     * Python's {@code round(x, digits)} on a float: the exact binary value rounded half-to-even
     * (so round(2.675, 2) == 2.67 and round(0.5) == 0, as in Python). NaN stays NaN.
     */
    public static double round(double x, int digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return x;
        return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * Python's {@code repr(float)} (numpy's str of a float64, which pandas writes): the shortest digits that
     * read back as x, positional for exponents -4..15, else "1e-05", "1.5e+16"; "inf", "-inf", "nan".
     */
    public static String floatRepr(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return 1 / x < 0 ? "-0.0" : "0.0";
        BigDecimal d = shortest(x);
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        return (x < 0 ? "-" : "") + digits.charAt(0) + (digits.length() > 1 ? "." + digits.substring(1) : "")
                + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /**
     * The shortest decimal that reads back as x, the closest such: Double.toString's digits (JDK 19+), which
     * keep at least two significant digits, shortened where fewer still read back (e.g. 4.9E-324 → 5e-324).
     */
    private static BigDecimal shortest(double x) {
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        for (int digits = 1; digits < d.precision(); digits++) {
            BigDecimal r = d.round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == x) return r.stripTrailingZeros();
        }
        return d;
    }

    /**
     * numpy's (and so pandas') {@code round(x, digits)}: rint(x * 10^digits) / 10^digits, half-to-even
     * on the scaled product. It differs from Python's round on values like 33.365 (numpy 33.36,
     * Python 33.37); clembench's evaluation tables use this one.
     */
    public static double npRound(double x, int digits) {
        double scale = Math.pow(10, digits);
        return Math.rint(x * scale) / scale;
    }
}
