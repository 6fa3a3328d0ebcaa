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
        StringBuilder b = new StringBuilder();
        b.append("% ").append(oneLine(e.game() + " / " + e.experiment() + " / episode " + e.index() + " / " + e.model()))
                .append("\n% written by lightbulb from interactions.json\n")
                .append("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n")
                .append("\\usepackage{colortbl}\n\\usepackage{makecell}\n\\usepackage{multirow}\n\\usepackage{supertabular}\n\n")
                .append("\\begin{document}\n\n\\newcounter{utterance}\n\n\\twocolumn\n\n")
                .append("\\noindent{\\footnotesize\\textbf{").append(escape(e.game())).append("}, ")
                .append(escape(e.experiment())).append(", episode ").append(e.index()).append(": ")
                .append(escape(e.model())).append("}\n");
        if (t.failure() != null)
            b.append("\n\\noindent{\\footnotesize failed in the run: ").append(escape(t.failure())).append("}\n");
        b.append("\n{ \\footnotesize \\setcounter{utterance}{1}\n\\setlength{\\tabcolsep}{0pt}\n")
                .append("\\begin{supertabular}{c@{$\\;$}|p{.15\\linewidth}@{}p{.15\\linewidth}p{.15\\linewidth}p{.15\\linewidth}p{.15\\linewidth}p{.15\\linewidth}}\n")
                .append("    \\# & $\\;$A & \\multicolumn{4}{c}{Game Master} & $\\;\\:$B\\\\\n    \\hline\n");
        for (TranscriptEvent ev : t.events()) {
            Cell c = cell(ev.direction());
            b.append("\n    \\theutterance \\stepcounter{utterance}\n    ").append("& ".repeat(c.before() + 1))
                    .append("\\multicolumn{").append(c.span()).append("}{p{").append(c.width()).append("\\linewidth}}{\\cellcolor[rgb]{")
                    .append(c.rgb()).append("}{%\n\t\\makecell[{{p{\\linewidth}}}]{%\n\t  \\tt {\\tiny [").append(c.tag())
                    .append("]}\n\t ").append(escape(ev.text())).append("\n\t  }\n\t }\n\t }\n\t ")
                    .append("& ".repeat(c.after())).append("\\\\\n");
        }
        return b.append("\\end{supertabular}\n}\n\n\\end{document}\n").toString();
    }

    /** A LaTeX comment line: no line break may end it early. */
    private static String oneLine(String s) { return s.replaceAll("[\\r\\n]+", " "); }
}
