package dev.lightbulb.games.transcript;

/**
 * Text made safe for LaTeX's text mode: the ten special characters become commands that print them, so a model's
 * {@code $}, {@code %} or {@code \end{document}} neither breaks nor changes the document. A line break becomes
 * clembench's {@code \\ \tt } (a new line that stays in typewriter type, inside a makecell).
 */
public final class LatexText {
    private LatexText() {}

    public static final String LINE_BREAK = "\\\\ \\tt ";

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{' -> out.append("\\{");
                case '}' -> out.append("\\}");
                case '$' -> out.append("\\$");
                case '&' -> out.append("\\&");
                case '#' -> out.append("\\#");
                case '%' -> out.append("\\%");
                case '_' -> out.append("\\_");
                case '^' -> out.append("\\textasciicircum{}");
                case '~' -> out.append("\\textasciitilde{}");
                case '<' -> out.append("\\textless{}");
                case '>' -> out.append("\\textgreater{}");
                case '|' -> out.append("\\textbar{}");
                case '\n' -> out.append(LINE_BREAK);
                case '\t' -> out.append(' ');
                default -> {
                    if (c >= 0x20 && !(c >= 0x7f && c <= 0x9f)) out.append(c);   // control characters print nothing: dropped
                }
            }
        }
        return out.toString();
    }
}
