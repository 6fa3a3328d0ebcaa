package dev.lightbulb.games.browse;

import dev.lightbulb.games.Evaluator;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The results browser on a crafted results folder: structure, numbers, filters, escaping, links. */
class ResultsBrowserTest {
    static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    /** Two model pairs; taboo with every outcome (one hostile answer), wordle with two episodes; one broken episode. */
    static Path results(Path tmp) throws Exception {
        Path root = tmp.resolve("results");
        String m = "m-t0.0--m-t0.0";
        CraftedRuns.episode(root, m, "taboo", "0_high_en", 0, "success", 100, "CLUE: a", 5);
        CraftedRuns.episode(root, m, "taboo", "0_high_en", 1, "lose", 0, HOSTILE, 7);
        CraftedRuns.episode(root, m, "taboo", "1_medium_en", 0, "aborted", Double.NaN, "nonsense", 9);
        CraftedRuns.episode(root, m, "taboo", "1_medium_en", 1, "failed", 0, "", 0);
        CraftedRuns.episode(root, m, "taboo", "1_medium_en", 2, "unscored", 0, "CLUE: b", 3);
        CraftedRuns.episode(root, m, "wordle", "0_high_frequency_words_no_clue_no_critic", 0, "success", 50, "guess: crane", 11);
        CraftedRuns.episode(root, m, "wordle", "0_high_frequency_words_no_clue_no_critic", 10, "lose", 0, "guess: slate", 13);
        CraftedRuns.episode(root, "n-t0.0--n-t0.0", "taboo", "0_high_en", 0, "aborted", Double.NaN, "x", 1);
        Path broken = root.resolve(m).resolve("taboo/0_high_en/episode_2");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("interactions.json"), "{\"turns\": [[{\"from\": \"GM\"}]]}");
        return root;
    }

    @Test
    void pagesShowEveryEpisodeAndTheClemscoreAndTheirLinksResolve(@TempDir Path tmp) throws Exception {
        Path root = results(tmp);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ResultsBrowser.Summary s = ResultsBrowser.write(root, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(8, s.transcribed());
        assertEquals(1, s.bad());
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("episode_2") && errors.contains("turns[0][0]: missing field 'action'"), errors);
        assertEquals(1, errors.lines().count(), "one line for the broken episode");

        // index: the clemscore table holds what eval computes
        Document index = Jsoup.parse(root.resolve("index.html").toFile());
        List<Evaluator.ModelResult> expected = Evaluator.results(Evaluator.raw(root));
        Element table = index.selectFirst("table.clemscore");
        assertEquals(expected.size(), table.select("tbody tr").size());
        for (int i = 0; i < expected.size(); i++) {
            Element row = table.select("tbody tr").get(i);
            assertEquals(expected.get(i).model(), row.child(0).text());
            assertEquals(cell(expected.get(i).clemscore()), row.child(1).text());
            assertEquals(cell(expected.get(i).avgPlayed()), row.child(2).text());
        }
        assertEquals("m-t0.0--m-t0.0", expected.get(0).model());
        assertEquals(List.of("taboo", "wordle"), table.select("th.game").eachText());
        // outcome counts per model and game, linked to the game page filtered on them
        Element taboo = index.select("table.games tbody tr").get(0);
        assertEquals(List.of("m-t0.0--m-t0.0", "taboo", "5", "1", "1", "1", "–", "1", "1"), taboo.children().eachText());
        assertEquals("browse/taboo.html#model=m-t0.0--m-t0.0&outcome=aborted", taboo.child(5).selectFirst("a").attr("href"));

        // a game's page: every episode, in experiment and episode order, with outcome, score, turns, tokens
        Document page = Jsoup.parse(root.resolve("browse/wordle.html").toFile());
        Element episodes = page.selectFirst("table.episodes");
        assertEquals(List.of("0", "10"), CraftedRuns.column(episodes, "episode"), "episode 10 after 0, by number");
        assertEquals(List.of("success", "lose"), CraftedRuns.column(episodes, "outcome"));
        assertEquals(List.of("50.00", "0.00"), CraftedRuns.column(episodes, "main score"));
        assertEquals(List.of("1", "1"), CraftedRuns.column(episodes, "turns"));
        assertEquals(List.of("11", "13"), CraftedRuns.column(episodes, "tokens"));
        Document tabooPage = Jsoup.parse(root.resolve("browse/taboo.html").toFile());
        Element rows = tabooPage.selectFirst("table.episodes");
        assertEquals(List.of("success", "lose", "aborted", "failed", "unscored", "aborted"), rows.select("tbody tr").eachAttr("data-outcome"));
        assertEquals(List.of("100.00", "0.00", "–", "–", "–", "–"), CraftedRuns.column(rows, "main score"));
        // filters: model (two pairs here), experiment and outcome, offering exactly the values the rows hold
        assertEquals(List.of("model", "experiment", "outcome"), tabooPage.select("select[data-filter]").eachAttr("data-filter"));
        assertEquals(List.of("", "high_en", "medium_en"), tabooPage.select("select[data-filter=experiment] option").eachAttr("value"));
        assertEquals(List.of("", "success", "lose", "aborted", "failed", "unscored"),
                tabooPage.select("select[data-filter=outcome] option").eachAttr("value"));
        Document all = Jsoup.parse(root.resolve("browse/all-episodes.html").toFile());
        assertEquals(List.of("game", "model", "experiment", "outcome"), all.select("select[data-filter]").eachAttr("data-filter"));
        assertEquals(8, all.select("table.episodes tbody tr").size());

        // the only script anywhere is ours, and the page's policy lets exactly it run
        for (Path p : CraftedRuns.pages(root)) {
            Document d = Jsoup.parse(p.toFile());
            assertTrue(d.select("img, iframe, object, embed, [onerror], [onload], [onclick]").isEmpty(), p.toString());
            String policy = d.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
            assertTrue(policy.startsWith("default-src 'none'"), policy);
            List<Element> scripts = d.select("script");
            assertTrue(scripts.size() <= 1, p.toString());
            if (!scripts.isEmpty()) assertTrue(policy.contains("script-src 'sha256-" + sha256(scripts.getFirst().data()) + "'"), policy);
            else assertTrue(!policy.contains("script-src"), policy);
        }
        Document hostile = Jsoup.parse(root.resolve("m-t0.0--m-t0.0/taboo/0_high_en/episode_1/transcript.html").toFile());
        assertEquals(HOSTILE, hostile.selectFirst("div.msg.a-gm .text").text());
        assertTrue(Files.readString(root.resolve("m-t0.0--m-t0.0/taboo/0_high_en/episode_1/transcript.tex")).contains("\\textless{}script\\textgreater{}"));

        assertTrue(CraftedRuns.assertLinksResolve(root) > 30);
    }

    @Test
    void aRunWithoutScoresSaysSoInsteadOfAClemscore(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("r");
        CraftedRuns.episode(root, "m", "taboo", "0_high_en", 0, "failed", 0, "", 0);
        ResultsBrowser.write(root, System.err);
        Document index = Jsoup.parse(root.resolve("index.html").toFile());
        assertTrue(index.select("table.clemscore").isEmpty());
        assertTrue(index.text().contains("No episode has a scores.json"), index.text());
        assertTrue(Jsoup.parse(root.resolve("m/taboo/0_high_en/episode_0/transcript.html").toFile()).selectFirst(".failure").text()
                .contains("ContextExceededException"));
    }

    private static String cell(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v); }

    private static String sha256(String s) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
