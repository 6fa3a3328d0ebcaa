package dev.lightbulb.games.browse;

import dev.lightbulb.games.Evaluator;
import dev.lightbulb.games.transcript.EpisodeFolder;
import dev.lightbulb.games.transcript.HtmlPage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.lightbulb.games.transcript.HtmlText.escape;

/**
 * The results browser's pages: {@code index.html} (the clemscore table as {@code eval} computes it, and per model and
 * game how its episodes ended), one page per game listing every episode, and one listing all of them; every episode
 * links to its transcripts, and the lists filter by game, experiment, outcome and model in the page itself.
 */
final class BrowserPages {
    private BrowserPages() {}

    /** Where the pages go under a results folder. */
    static Path index(Path root) { return root.resolve("index.html"); }

    static Path gamePage(Path root, String game) { return root.resolve("browse").resolve(fileName(game) + ".html"); }

    static Path allEpisodesPage(Path root) { return root.resolve("browse").resolve("all-episodes.html"); }

    static void writeAll(Path root, List<EpisodeRow> rows) {
        Map<String, List<EpisodeRow>> byGame = new TreeMap<>();
        for (EpisodeRow r : rows) byGame.computeIfAbsent(r.episode().game(), g -> new ArrayList<>()).add(r);
        HtmlPage.write(index(root), index(root, rows, byGame));
        byGame.forEach((game, gameRows) -> HtmlPage.write(gamePage(root, game),
                episodesPage(root, gamePage(root, game), game, gameRows, false)));
        HtmlPage.write(allEpisodesPage(root), episodesPage(root, allEpisodesPage(root), "all games", rows, true));
    }

    private static String index(Path root, List<EpisodeRow> rows, Map<String, List<EpisodeRow>> byGame) {
        Path page = index(root);
        Set<String> models = new TreeSet<>();
        rows.forEach(r -> models.add(r.episode().model()));
        StringBuilder b = new StringBuilder("<header>\n<h1>Results <span class=\"sub\">")
                .append(escape(String.valueOf(root.toAbsolutePath().normalize().getFileName()))).append("</span></h1>\n")
                .append("<p class=\"lead\">").append(rows.size()).append(" episodes of ").append(models.size())
                .append(models.size() == 1 ? " model folder" : " model folders").append(" in ").append(byGame.size())
                .append(byGame.size() == 1 ? " game" : " games").append(" · <a href=\"")
                .append(HtmlPage.href(page, allEpisodesPage(root))).append("\">every episode</a></p>\n</header>\n<main>\n");
        b.append(clemscoreTable(rows));
        b.append("<h2>How the episodes ended</h2>\n<table class=\"games\">\n<thead><tr><th>model</th><th>game</th><th class=\"num\">episodes</th>");
        for (Outcome o : Outcome.values()) b.append("<th class=\"num\">").append(o.label()).append("</th>");
        b.append("</tr></thead>\n<tbody>\n");
        for (String model : models)
            byGame.forEach((game, gameRows) -> {
                List<EpisodeRow> mine = gameRows.stream().filter(r -> r.episode().model().equals(model)).toList();
                if (!mine.isEmpty()) b.append(outcomesRow(root, model, game, mine, models.size() > 1));
            });
        b.append("</tbody></table>\n</main>\n<footer>written by lightbulb from the episodes' interactions.json and scores.json;"
                + " the clemscore as <code>lightbulb eval</code> and clembench's bencheval compute it</footer>\n");
        return HtmlPage.render("Results · " + root.toAbsolutePath().normalize().getFileName(), "browser index", b.toString(), null);
    }

    /**
     * A model's episodes of one game counted by outcome; each count links to the game's page filtered on it (and on
     * the model, where there are several).
     */
    private static String outcomesRow(Path root, String model, String game, List<EpisodeRow> rows, boolean manyModels) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        rows.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        String link = HtmlPage.href(index(root), gamePage(root, game));
        String modelFilter = manyModels ? "model=" + urlPart(model) : "";
        StringBuilder b = new StringBuilder("<tr><td>").append(escape(model)).append("</td><td><a href=\"").append(link)
                .append(escape(manyModels ? "#" + modelFilter : "")).append("\">").append(escape(game))
                .append("</a></td><td class=\"num\">").append(rows.size()).append("</td>");
        for (Outcome o : Outcome.values()) {
            int n = counts.getOrDefault(o, 0);
            String filter = "#" + (manyModels ? modelFilter + "&" : "") + "outcome=" + o.label();
            b.append("<td class=\"num\">").append(n == 0 ? "–" : "<a href=\"" + link + escape(filter) + "\">" + n + "</a>").append("</td>");
        }
        return b.append("</tr>\n").toString();
    }

    /** The clemscore table over every scored episode, as {@code eval} computes it. */
    private static String clemscoreTable(List<EpisodeRow> rows) {
        List<Evaluator.RawScore> raw = new ArrayList<>();
        for (EpisodeRow r : rows) {
            if (r.scores() == null) continue;
            EpisodeFolder e = r.episode();
            r.scores().episode().forEach((k, v) -> raw.add(new Evaluator.RawScore(e.game(), e.model(), e.experiment(),
                    e.index(), k, v == null ? Double.NaN : v.doubleValue())));
        }
        StringBuilder b = new StringBuilder("<h2>clemscore</h2>\n");
        if (raw.isEmpty()) return b.append("<p class=\"lead\">No episode has a scores.json (yet): run <code>lightbulb score</code>.</p>\n").toString();
        List<Evaluator.ModelResult> results = Evaluator.results(raw);
        Set<String> games = new TreeSet<>();
        results.forEach(m -> games.addAll(m.games().keySet()));
        b.append("<div class=\"scroll\"><table class=\"clemscore\">\n<thead><tr><th rowspan=\"2\">model</th><th class=\"num\" rowspan=\"2\">clemscore</th>")
                .append("<th class=\"num\" rowspan=\"2\">% played</th><th class=\"num\" rowspan=\"2\">quality</th>");
        for (String g : games) b.append("<th class=\"game\" colspan=\"2\">").append(escape(g)).append("</th>");
        b.append("</tr>\n<tr>");
        for (int i = 0; i < games.size(); i++) b.append("<th class=\"num sub\">played</th><th class=\"num sub\">quality</th>");
        b.append("</tr></thead>\n<tbody>\n");
        for (Evaluator.ModelResult m : results) {
            b.append("<tr><td class=\"model\">").append(escape(m.model())).append("</td><td class=\"num\"><b>").append(Cells.score(m.clemscore()))
                    .append("</b></td><td class=\"num\">").append(Cells.score(m.avgPlayed())).append("</td><td class=\"num\">")
                    .append(Cells.score(m.avgQuality())).append("</td>");
            for (String g : games) {
                Evaluator.GameResult gr = m.games().get(g);
                b.append("<td class=\"num\">").append(gr == null ? "–" : Cells.score(gr.played())).append("</td><td class=\"num\">")
                        .append(gr == null ? "–" : Cells.score(gr.quality())).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</tbody></table></div>\n").toString();
    }

    private static String episodesPage(Path root, Path page, String title, List<EpisodeRow> rows, boolean allGames) {
        boolean manyModels = distinct(rows, r -> r.episode().model()).size() > 1;
        List<FilterBar.Filter> filters = new ArrayList<>();
        if (allGames) filters.add(new FilterBar.Filter("game", "game", distinct(rows, r -> r.episode().game())));
        if (manyModels) filters.add(new FilterBar.Filter("model", "model", distinct(rows, r -> r.episode().model())));
        filters.add(new FilterBar.Filter("experiment", "experiment", distinct(rows, r -> r.episode().experiment())));
        filters.add(new FilterBar.Filter("outcome", "outcome", distinct(rows, r -> r.outcome().label())));
        StringBuilder b = new StringBuilder("<header>\n<nav><a href=\"").append(HtmlPage.href(page, index(root)))
                .append("\">results</a></nav>\n<h1>").append(escape(title)).append(" <span class=\"sub\">")
                .append(rows.size()).append(" episodes</span></h1>\n</header>\n<main>\n")
                .append(FilterBar.render(filters, rows.size()))
                .append("<table class=\"episodes filterable\">\n<thead><tr>");
        if (manyModels) b.append("<th data-sort=\"text\">model</th>");
        if (allGames) b.append("<th data-sort=\"text\">game</th>");
        b.append("<th data-sort=\"text\">experiment</th><th data-sort=\"num\" class=\"num\">episode</th><th data-sort=\"text\">outcome</th>")
                .append("<th data-sort=\"num\" class=\"num\">main score</th><th data-sort=\"num\" class=\"num\">turns</th>")
                .append("<th data-sort=\"num\" class=\"num\">tokens</th><th>transcript</th></tr></thead>\n<tbody>\n");
        for (EpisodeRow r : rows) {
            EpisodeFolder e = r.episode();
            b.append("<tr data-game=\"").append(escape(e.game())).append("\" data-model=\"").append(escape(e.model()))
                    .append("\" data-experiment=\"").append(escape(e.experiment())).append("\" data-outcome=\"").append(r.outcome().label()).append("\">");
            if (manyModels) b.append("<td>").append(escape(e.model())).append("</td>");
            if (allGames) b.append("<td>").append(escape(e.game())).append("</td>");
            b.append("<td data-value=\"").append(e.experimentIndex()).append(' ').append(escape(e.experiment())).append("\">")
                    .append(escape(e.experiment())).append("</td><td class=\"num\">").append(e.index()).append("</td>")
                    .append("<td><span class=\"outcome ").append(r.outcome().label()).append("\">").append(r.outcome().label()).append("</span></td>")
                    .append("<td class=\"num\" data-value=\"").append(Cells.sortValue(r.mainScore())).append("\">").append(Cells.score(r.mainScore())).append("</td>")
                    .append("<td class=\"num\">").append(r.turns()).append("</td>")
                    .append("<td class=\"num\" data-value=\"").append(Cells.sortValue(r.generatedTokens())).append("\" title=\"")
                    .append(escape(tokensTitle(r))).append("\">").append(Cells.count(r.generatedTokens())).append("</td>")
                    .append("<td><a href=\"").append(HtmlPage.href(page, e.dir().resolve(ResultsBrowser.HTML))).append("\">html</a> · <a href=\"")
                    .append(HtmlPage.href(page, e.dir().resolve(ResultsBrowser.TEX))).append("\">tex</a></td></tr>\n");
        }
        b.append("</tbody></table>\n</main>\n<footer>tokens: generated by the model over the episode's calls (requests.json);"
                + " click a column head to sort</footer>\n");
        return HtmlPage.render(title + " · episodes", "browser episodes", b.toString(), HtmlPage.FILTER_SCRIPT);
    }

    private static String tokensTitle(EpisodeRow r) {
        return r.calls() < 0 ? "no requests.json" : r.calls() + " model calls, " + Cells.count(r.promptTokens())
                + " prompt tokens, " + Cells.count(r.generatedTokens()) + " generated";
    }

    private static Set<String> distinct(List<EpisodeRow> rows, Function<EpisodeRow, String> f) {
        Set<String> s = new LinkedHashSet<>();
        rows.forEach(r -> s.add(f.apply(r)));
        return s;
    }

    /** A game's page file name: its folder name with anything but letters, digits, '.', '-', '_' replaced. */
    static String fileName(String name) { return name.replaceAll("[^A-Za-z0-9._-]", "_"); }

    private static String urlPart(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
