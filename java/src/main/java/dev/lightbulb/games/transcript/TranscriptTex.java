package dev.lightbulb.games.transcript;

import static dev.lightbulb.games.transcript.LatexText.escape;

/**
 * An episode's transcript.tex, laid out as clembench's (clemcore@e99b0336, clemgame/transcript_utils.py): one
 * supertabular row per event in six narrow columns, player A at the left, player B at the right, the game master in
 * the middle four; each message a shaded cell spanning the columns between its speaker and its addressee, tagged
 * [A$\langle$GM], [A$\rangle$GM], [GM$\rangle$B], [GM$\langle$B] or [GM$|$GM]. Unlike clembench's, the text is
 * escaped, so any answer compiles and prints as it was written.
 */
public final class TranscriptTex {
    private TranscriptTex() {}

    /** Where a message sits: empty cells before it, the columns it spans, empty cells after it, its shade and tag. */
    private record Cell(int before, int span, int after, String width, String rgb, String tag) {}

    private static Cell cell(Direction d) {
        return switch (d) {
            case GM_TO_A -> new Cell(1, 4, 1, "0.6", "0.9,0.92,0.96", "A$\\langle$GM");
            case A_TO_GM -> new Cell(0, 4, 2, "0.6", "0.84,0.95,0.9", "A$\\rangle$GM");
            case GM_TO_B -> new Cell(1, 4, 1, "0.6", "0.9,0.92,0.96", "GM$\\rangle$B");
            case B_TO_GM -> new Cell(2, 4, 0, "0.6", "1,0.9,0.78", "GM$\\langle$B");
            case GM_NOTE -> new Cell(2, 2, 2, "0.3", "0.97,0.97,0.95", "GM$|$GM");
            case OTHER -> new Cell(0, 6, 0, "0.9", "1,1,0.8", "?");
        };
    }

    public static String render(Transcript t) {
        EpisodeFolder e = t.episode();
        StringBuilder body = new StringBuilder();
        // the episode's header spans both columns (\twocolumn's optional argument)
        body.append("\\twocolumn[\\noindent{\\footnotesize\\textbf{").append(escape(e.game())).append("}, ")
                .append(escape(e.experiment())).append(", episode ").append(e.index()).append(": ").append(escape(e.model()));
        if (t.failure() != null) body.append("\\\\ failed in the run: ").append(escape(t.failure()));
        body.append("}\\medskip]\n\n{ \\footnotesize \\setcounter{utterance}{1}\n\\setlength{\\tabcolsep}{0pt}\n")
                .append("\\begin{supertabular}{c@{$\\;$}|p{.15\\linewidth}@{}p{.15\\linewidth}p{.15\\linewidth}p{.15\\linewidth}p{.15\\linewidth}p{.15\\linewidth}}\n")
                .append("    \\# & $\\;$A & \\multicolumn{4}{c}{Game Master} & $\\;\\:$B\\\\\n    \\hline\n");
        for (TranscriptEvent ev : t.events()) {
            Cell c = cell(ev.direction());
            body.append("\n    \\theutterance \\stepcounter{utterance}\n    ").append("& ".repeat(c.before() + 1))
                    .append("\\multicolumn{").append(c.span()).append("}{p{").append(c.width()).append("\\linewidth}}{\\cellcolor[rgb]{")
                    .append(c.rgb()).append("}{%\n\t\\makecell[{{p{\\linewidth}}}]{%\n\t  \\tt {\\tiny [").append(c.tag())
                    .append("]}\n\t ").append(escape(ev.text())).append("\n\t  }\n\t }\n\t }\n\t ")
                    .append("& ".repeat(c.after())).append("\\\\\n");
        }
        body.append("\\end{supertabular}\n}\n\n\\end{document}\n");
        return "% " + oneLine(e.game() + " / " + e.experiment() + " / episode " + e.index() + " / " + e.model())
                + "\n% written by lightbulb from interactions.json\n"
                + "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb}\n"
                + "\\usepackage{colortbl}\n\\usepackage{makecell}\n\\usepackage{multirow}\n\\usepackage{supertabular}\n"
                + unicodeDeclarations(body)
                + "\n\\begin{document}\n\n\\newcounter{utterance}\n\n" + body;
    }

    /**
     * pdflatex knows the Latin characters and common punctuation; any other character in the text (the grids' ▢,
     * an emoji, CJK) would stop it. Each is declared: ▢ as a box of a typewriter letter's width, so grids keep their
     * columns, the others as their code point. XeLaTeX and LuaLaTeX, which have no such declarations, print them as
     * they are.
     */
    static String unicodeDeclarations(CharSequence text) {
        java.util.TreeSet<Integer> unknown = new java.util.TreeSet<>();
        text.codePoints().filter(c -> !pdflatexKnows(c) && !(c <= 0xFFFF && Character.isSurrogate((char) c))).forEach(unknown::add);
        if (unknown.isEmpty()) return "";
        StringBuilder b = new StringBuilder("\\ifdefined\\DeclareUnicodeCharacter\n");
        for (int c : unknown) {
            String hex = String.format("%04X", c);
            b.append("  \\DeclareUnicodeCharacter{").append(hex).append("}{")
                    .append(c == 0x25A2 ? "\\makebox[0.5em]{$\\square$}" : "{\\tiny[U+" + hex + "]}").append("}\n");
        }
        return b.append("\\fi\n").toString();
    }

    /**
     * What LaTeX's utf8 input encoding prints in T1 (tried with pdflatex, TeX Live 2022): Latin-1, Latin Extended-A but
     * nine letters, and dashes, quotes, bullet, ellipsis, euro and trade mark.
     */
    static boolean pdflatexKnows(int c) {
        if (c < 0x100) return true;
        if (c < 0x180) return !T1_LACKS.contains(c);
        return PDFLATEX_PUNCTUATION.contains(c);
    }

    private static final java.util.Set<Integer> T1_LACKS =
            java.util.Set.of(0x126, 0x127, 0x138, 0x13F, 0x140, 0x149, 0x166, 0x167, 0x17F);
    private static final java.util.Set<Integer> PDFLATEX_PUNCTUATION =
            java.util.Set.of(0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC, 0x2122);

    /** A LaTeX comment line: no line break may end it early. */
    private static String oneLine(String s) { return s.replaceAll("[\\r\\n]+", " "); }
}
