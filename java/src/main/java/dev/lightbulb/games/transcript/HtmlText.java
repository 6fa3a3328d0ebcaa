package dev.lightbulb.games.transcript;

/**
 * Text made safe for HTML. Everything a page shows that came from a file (a model's answer above all) goes
 * through here: the five markup characters become entities, so {@code <script>} in an answer shows as text and
 * never runs, and control characters (which HTML forbids) show as their Unicode control pictures.
 */
public final class HtmlText {
    private HtmlText() {}

    /** Text for element content or a quoted attribute value. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n', '\t' -> out.append(c);
                default -> {
                    if (c < 0x20) out.append((char) (0x2400 + c));      // U+2400..241F: visible ␀ ␁ ... ␟
                    else if (c == 0x7f) out.append('\u2421');           // ␡
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }
}
