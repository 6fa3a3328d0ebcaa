package dev.lightbulb.games.browse;

import dev.lightbulb.analysis.table.PairedBootstrap;
import dev.lightbulb.games.transcript.EpisodeFolder;
import dev.lightbulb.games.transcript.HtmlPage;
import dev.lightbulb.games.transcript.TranscriptEvent;
import dev.lightbulb.games.transcript.TranscriptHtml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.lightbulb.games.transcript.HtmlText.escape;

/**
 * A comparison's pages: {@code index.html} with the per-game score differences and their intervals and every pair of
 * episodes (filterable, the differing ones marked), and one page per pair with the two transcripts side by side.
 */
public final class ComparisonPages {
    private ComparisonPages() {}

    public static Path index(Path out) { return out.resolve("index.html"); }

    public static Path pairPage(Path out, EpisodeFolder e) {
        return out.resolve("pairs").resolve(BrowserPages.fileName(e.game())).resolve(BrowserPages.fileName(e.experiment()))
                .resolve("episode_" + e.index() + ".html");
    }

    public static void write(RunComparison c, RunComparison.Bootstrap settings, Path out) {
        HtmlPage.write(index(out), index(c, settings, out));
        for (RunComparison.Pair p : c.pairs()) HtmlPage.write(pairPage(out, p.episode()), pairPage(c, p, out));
    }

    private static String index(RunComparison c, RunComparison.Bootstrap settings, Path out) {
        long differ = c.pairs().stream().filter(RunComparison.Pair::outcomeDiffers).count();
        StringBuilder b = new StringBuilder("<header>\n<h1>Comparison <span class=\"sub\">B − A</span></h1>\n<dl>")
                .append("<dt>A</dt><dd>").append(escape(c.a().name())).append(" (").append(escape(c.a().root().toString())).append(")</dd>")
                .append("<dt>B</dt><dd>").append(escape(c.b().name())).append(" (").append(escape(c.b().root().toString())).append(")</dd>")
                .append("<dt>paired</dt><dd>").append(c.pairs().size()).append(" episodes; <a href=\"#change=differs\">")
                .append(differ).append(" end differently</a>");
        if (!c.onlyA().isEmpty() || !c.onlyB().isEmpty())
            b.append("; unpaired: ").append(c.onlyA().size()).append(" only in A, ").append(c.onlyB().size()).append(" only in B");
        b.append("</dd></dl>\n</header>\n<main>\n").append(differencesTable(c, settings)).append(pairsTable(c, out));
        b.append(unpaired("only in A", c.onlyA())).append(unpaired("only in B", c.onlyB()))
                .append("</main>\n<footer>written by lightbulb compare from both runs' interactions.json and scores.json</footer>\n");
        return HtmlPage.render("Comparison · " + c.a().name() + " vs " + c.b().name(), "browser comparison", b.toString(), HtmlPage.FILTER_SCRIPT);
    }

    /** Per game: pairs, outcome changes, % played and quality of each run, the score difference and its interval. */
    private static String differencesTable(RunComparison c, RunComparison.Bootstrap settings) {
        StringBuilder b = new StringBuilder("<h2>Score differences by game</h2>\n")
                .append("<p class=\"lead\">score = Main Score, 0 if aborted (its game's mean is % played / 100 × quality); over the pairs both runs scored. ")
                .append(String.format(Locale.ROOT, "%.0f", settings.level() * 100)).append(" % paired bootstrap interval, ")
                .append(settings.resamples()).append(" resamples, seed ").append(settings.seed()).append(".</p>\n")
                .append("<table class=\"differences\">\n<thead><tr><th>game</th><th class=\"num\">pairs</th><th class=\"num\">scored</th>")
                .append("<th class=\"num\">outcome changes</th><th class=\"num\">% played A · B</th><th class=\"num\">quality A · B</th>")
                .append("<th class=\"num\">Δ score</th><th>interval</th></tr></thead>\n<tbody>\n");
        for (RunComparison.GameDifference g : c.games()) {
            b.append("<tr><td><a href=\"").append(escape("#game=" + g.game())).append("\">").append(escape(g.game())).append("</a></td><td class=\"num\">")
                    .append(g.pairs()).append("</td><td class=\"num\">").append(g.scoredPairs()).append("</td><td class=\"num\">")
                    .append(g.outcomeChanges()).append("</td><td class=\"num\">").append(Cells.score(g.resultA().played())).append(" · ")
                    .append(Cells.score(g.resultB().played())).append("</td><td class=\"num\">").append(Cells.score(g.resultA().quality()))
                    .append(" · ").append(Cells.score(g.resultB().quality())).append("</td>").append(delta(g.score())).append("</tr>\n");
        }
        b.append("</tbody>\n<tfoot><tr><th colspan=\"6\">clemscore (mean over the games above)</th>").append(delta(c.clemscore()))
                .append("</tr></tfoot></table>\n");
        return b.toString();
    }

    /** Every pair, filterable by game, experiment and what changed, each linked to its side-by-side page. */
    private static String pairsTable(RunComparison c, Path out) {
        Path page = index(out);
        StringBuilder b = new StringBuilder("<h2>Paired episodes</h2>\n").append(FilterBar.render(List.of(
                new FilterBar.Filter("game", "game", distinct(c, p -> p.episode().game())),
                new FilterBar.Filter("experiment", "experiment", distinct(c, p -> p.episode().experiment())),
                new FilterBar.Filter("change", "outcome", List.of("differs", "same")),
                new FilterBar.Filter("dialogue", "dialogue", List.of("differs", "same")),
                new FilterBar.Filter("outcomes", "A → B", distinct(c, ComparisonPages::outcomes))), c.pairs().size()));
        b.append("<table class=\"pairs filterable\">\n<thead><tr><th data-sort=\"text\">game</th><th data-sort=\"text\">experiment</th>")
                .append("<th data-sort=\"num\" class=\"num\">episode</th><th data-sort=\"text\">A</th><th data-sort=\"text\">B</th>")
                .append("<th data-sort=\"num\" class=\"num\">main score A</th><th data-sort=\"num\" class=\"num\">main score B</th>")
                .append("<th data-sort=\"num\" class=\"num\">Δ score</th><th data-sort=\"text\">dialogue</th><th>transcripts</th></tr></thead>\n<tbody>\n");
        for (RunComparison.Pair p : c.pairs()) {
            EpisodeFolder e = p.episode();
            double d = RunComparison.score(p.b()) - RunComparison.score(p.a());
            b.append("<tr data-game=\"").append(escape(e.game())).append("\" data-experiment=\"").append(escape(e.experiment()))
                    .append("\" data-change=\"").append(p.outcomeDiffers() ? "differs" : "same")
                    .append("\" data-dialogue=\"").append(p.dialogueDiffers() ? "differs" : "same").append("\" data-outcomes=\"")
                    .append(escape(outcomes(p))).append("\"><td>").append(escape(e.game())).append("</td><td data-value=\"")
                    .append(e.experimentIndex()).append(' ').append(escape(e.experiment())).append("\">").append(escape(e.experiment()))
                    .append("</td><td class=\"num\">").append(e.index()).append("</td><td>").append(badge(p.a().outcome()))
                    .append("</td><td>").append(badge(p.b().outcome())).append("</td><td class=\"num\" data-value=\"")
                    .append(Cells.sortValue(p.a().mainScore())).append("\">").append(Cells.score(p.a().mainScore()))
                    .append("</td><td class=\"num\" data-value=\"").append(Cells.sortValue(p.b().mainScore())).append("\">")
                    .append(Cells.score(p.b().mainScore())).append("</td><td class=\"num\" data-value=\"")
                    .append(Double.isNaN(d) ? "" : Double.toString(d)).append("\">").append(Cells.signed(d)).append("</td><td>")
                    .append(p.dialogueDiffers() ? "differs" : "same").append("</td><td><a href=\"")
                    .append(HtmlPage.href(page, pairPage(out, e))).append("\">side by side</a></td></tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static String pairPage(RunComparison c, RunComparison.Pair p, Path out) {
        Path page = pairPage(out, p.episode());
        EpisodeFolder e = p.episode();
        List<TranscriptEvent> ea = p.a().transcript().events(), eb = p.b().transcript().events();
        StringBuilder b = new StringBuilder("<header>\n<nav><a href=\"").append(HtmlPage.href(page, index(out)))
                .append("\">comparison</a></nav>\n<h1>").append(escape(e.game())).append(" <span class=\"sub\">")
                .append(escape(e.experiment())).append(" · episode ").append(e.index()).append("</span></h1>\n<p class=\"lead\">")
                .append(p.outcomeDiffers() ? "The outcomes differ." : "Same outcome.")
                .append(" Messages outlined in yellow differ from the other run's at the same place.</p>\n</header>\n<main>\n<div class=\"side-by-side\">\n")
                .append(side("A", c.a(), p.a(), ea, eb, page)).append(side("B", c.b(), p.b(), eb, ea, page))
                .append("</div>\n</main>\n");
        return HtmlPage.render(e.game() + " · " + e.experiment() + " · episode " + e.index() + " · A vs B", "browser pair", b.toString(), null);
    }

    private static String side(String label, RunComparison.Run run, EpisodeRow r, List<TranscriptEvent> mine,
                               List<TranscriptEvent> other, Path page) {
        StringBuilder b = new StringBuilder("<section class=\"run-").append(label.toLowerCase(Locale.ROOT)).append("\">\n<h2>")
                .append(label).append(": ").append(escape(run.name())).append("</h2>\n<p>").append(badge(r.outcome()))
                .append(" main score ").append(Cells.score(r.mainScore())).append(" · ").append(r.turns()).append(r.turns() == 1 ? " turn" : " turns");
        Path full = r.episode().dir().resolve(ResultsBrowser.HTML);
        if (Files.isRegularFile(full)) b.append(" · <a href=\"").append(HtmlPage.href(page, full)).append("\">full transcript</a>");
        b.append("</p>\n");
        boolean[] differs = new boolean[mine.size()];
        for (int i = 0; i < mine.size(); i++) differs[i] = i >= other.size() || !mine.get(i).equals(other.get(i));
        return b.append(TranscriptHtml.chat(mine, differs)).append("</section>\n").toString();
    }

    private static String delta(PairedBootstrap.Interval ci) {
        if (ci == null) return "<td class=\"num\">–</td><td class=\"ci\">no scored pair</td>";
        String dir = ci.lower() > 0 ? " up" : ci.upper() < 0 ? " down" : "";
        return "<td class=\"num delta" + dir + "\">" + Cells.signed(ci.difference()) + "</td><td class=\"ci\">["
                + Cells.signed(ci.lower()) + ", " + Cells.signed(ci.upper()) + "]</td>";
    }

    private static String badge(Outcome o) { return "<span class=\"outcome " + o.label() + "\">" + o.label() + "</span>"; }

    private static String outcomes(RunComparison.Pair p) { return p.a().outcome().label() + " → " + p.b().outcome().label(); }

    private static String unpaired(String title, List<EpisodeRow> rows) {
        if (rows.isEmpty()) return "";
        StringBuilder b = new StringBuilder("<h2>").append(title).append("</h2>\n<p class=\"lead\">");
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.episode().instanceKey()));
        return b.append(escape(String.join(", ", names))).append("</p>\n").toString();
    }

    private static Set<String> distinct(RunComparison c, java.util.function.Function<RunComparison.Pair, String> f) {
        Set<String> s = new LinkedHashSet<>();
        c.pairs().forEach(p -> s.add(f.apply(p)));
        return s;
    }
}
