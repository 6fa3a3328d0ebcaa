package dev.lightbulb.games.browse;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.table.PairedBootstrap;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pairing two crafted runs, the per-game differences, and the comparison's pages. */
class RunComparisonTest {
    static final RunComparison.Bootstrap SETTINGS = new RunComparison.Bootstrap(2000, 5, 0.9);

    /**
     * Run A (model a) and run B (model b) of the same taboo and wordle instances. taboo: episode 0 success/success,
     * 1 lose/success, 2 success/aborted, 3 aborted/aborted; high_en episode 4 only in A, 5 only in B; wordle: episode 0
     * scored 30/50, 1 failed in B (paired, unscored), imagegame only in A (a game B did not play).
     */
    static Path[] runs(Path tmp) throws Exception {
        Path a = tmp.resolve("run-a"), b = tmp.resolve("run-b");
        String pa = "a-t0.0--a-t0.0", pb = "b-t0.0--b-t0.0";
        String[][] taboo = {{"success", "success"}, {"lose", "success"}, {"success", "aborted"}, {"aborted", "aborted"}};
        for (int i = 0; i < taboo.length; i++) {
            CraftedRuns.episode(a, pa, "taboo", "0_high_en", i, taboo[i][0], taboo[i][0].equals("success") ? 100 : taboo[i][0].equals("lose") ? 0 : Double.NaN, "A says " + i, 4);
            CraftedRuns.episode(b, pb, "taboo", "0_high_en", i, taboo[i][1], taboo[i][1].equals("success") ? 100 : Double.NaN, i == 0 ? "A says 0" : "B says " + i, 4);
        }
        CraftedRuns.episode(a, pa, "taboo", "0_high_en", 4, "success", 100, "x", 1);
        CraftedRuns.episode(b, pb, "taboo", "0_high_en", 5, "success", 100, "x", 1);
        String w = "0_high_frequency_words_no_clue_no_critic";
        CraftedRuns.episode(a, pa, "wordle", w, 0, "success", 30, "guess: crane", 2);
        CraftedRuns.episode(b, pb, "wordle", w, 0, "success", 50, "guess: crane", 2);
        CraftedRuns.episode(a, pa, "wordle", w, 1, "lose", 0, "guess: slate", 2);
        CraftedRuns.episode(b, pb, "wordle", w, 1, "failed", 0, "", 0);
        CraftedRuns.episode(a, pa, "imagegame", "0_compact_grids", 0, "aborted", Double.NaN, "?", 1);
        return new Path[]{a, b};
    }

    @Test
    void pairsTheSameInstancesAndScoresTheirDifferences(@TempDir Path tmp) throws Exception {
        Path[] r = runs(tmp);
        RunComparison c = RunComparison.of(r[0], r[1], SETTINGS);
        assertEquals("a-t0.0--a-t0.0", c.a().name());
        assertEquals(List.of("taboo/high_en/episode_0", "taboo/high_en/episode_1", "taboo/high_en/episode_2", "taboo/high_en/episode_3",
                "wordle/high_frequency_words_no_clue_no_critic/episode_0", "wordle/high_frequency_words_no_clue_no_critic/episode_1"),
                c.pairs().stream().map(p -> p.episode().instanceKey()).sorted().toList());
        assertEquals(List.of("imagegame/compact_grids/episode_0", "taboo/high_en/episode_4"),
                c.onlyA().stream().map(e -> e.episode().instanceKey()).toList());
        assertEquals(List.of("taboo/high_en/episode_5"), c.onlyB().stream().map(e -> e.episode().instanceKey()).toList());
        for (RunComparison.Pair p : c.pairs()) assertEquals(p.a().episode().instanceKey(), p.b().episode().instanceKey());

        RunComparison.GameDifference taboo = c.games().get(0), wordle = c.games().get(1);
        assertEquals(List.of("taboo", "wordle"), c.games().stream().map(RunComparison.GameDifference::game).toList(),
                "only games both runs played");
        assertEquals(4, taboo.pairs());
        assertEquals(4, taboo.scoredPairs());
        assertEquals(2, taboo.outcomeChanges());
        // scores (0 when aborted): A 100, 0, 100, 0; B 100, 100, 0, 0 -> mean difference 0
        assertEquals(0.0, taboo.score().difference(), 1e-12);
        assertEquals(75.0, taboo.resultA().played());
        assertEquals(50.0, taboo.resultB().played());
        assertEquals(66.67, taboo.resultA().quality());
        assertEquals(100.0, taboo.resultB().quality());
        assertTrue(taboo.score().covers(0) && taboo.score().lower() < 0 && taboo.score().upper() > 0, taboo.score().toString());
        assertEquals(2, wordle.pairs());
        assertEquals(1, wordle.scoredPairs(), "the failed episode is paired but not scored");
        assertEquals(1, wordle.outcomeChanges());
        assertEquals(new PairedBootstrap.Interval(20, 20, 20, 0.9, 2000), wordle.score(), "one pair: no spread");
        assertEquals(10.0, c.clemscore().difference(), 1e-12, "mean over games of the differences");

        // seeded: the same seed gives the same intervals; another seed the same differences
        RunComparison again = RunComparison.of(r[0], r[1], SETTINGS);
        assertEquals(taboo.score(), again.games().get(0).score());
        assertEquals(c.clemscore(), again.clemscore());
        RunComparison other = RunComparison.of(r[0], r[1], new RunComparison.Bootstrap(2000, 6, 0.9));
        assertEquals(taboo.score().difference(), other.games().get(0).score().difference());
        assertEquals(c.clemscore().difference(), other.clemscore().difference());
    }

    @Test
    void pagesShowTheDifferencesAndBothTranscriptsSideBySide(@TempDir Path tmp) throws Exception {
        Path[] r = runs(tmp);
        ResultsBrowser.write(r[0], System.err);   // run A has its transcripts, B not: B's pair sides link nowhere
        RunComparison c = RunComparison.of(r[0], r[1], SETTINGS);
        Path out = tmp.resolve("cmp");
        ComparisonPages.write(c, SETTINGS, out);
        Document index = Jsoup.parse(out.resolve("index.html").toFile());
        Element diffs = index.selectFirst("table.differences");
        assertEquals(List.of("taboo", "wordle"), diffs.select("tbody tr td:first-child").eachText());
        assertEquals("+0.00", diffs.select("tbody tr").get(0).child(6).text());
        assertEquals("+20.00", diffs.select("tbody tr").get(1).child(6).text());
        assertEquals("[+20.00, +20.00]", diffs.select("tbody tr").get(1).child(7).text());
        assertEquals("+10.00", diffs.selectFirst("tfoot td.num").text());
        Element pairs = index.selectFirst("table.pairs");
        assertEquals(6, pairs.select("tbody tr").size());
        assertEquals(List.of("same", "differs", "differs", "same", "same", "differs"), pairs.select("tbody tr").eachAttr("data-change"));
        assertEquals(List.of("success", "lose", "success", "aborted", "success", "lose"), CraftedRuns.column(pairs, "A"));
        assertEquals(List.of("success", "success", "aborted", "aborted", "success", "failed"), CraftedRuns.column(pairs, "B"));
        assertEquals("lose → success", pairs.select("tbody tr").get(1).attr("data-outcomes"));
        assertEquals(List.of("same", "differs", "differs", "differs", "same", "differs"), pairs.select("tbody tr").eachAttr("data-dialogue"),
                "taboo 0 and wordle 0 said the same in both runs");
        assertEquals(List.of("", "differs", "same"), index.select("select[data-filter=change] option").eachAttr("value"));
        assertTrue(index.text().contains("2 only in A, 1 only in B"), index.text());

        Path pairPage = ComparisonPages.pairPage(out, c.pairs().get(1).episode());
        assertEquals(out.resolve("pairs/taboo/high_en/episode_1.html"), pairPage);
        Document pair = Jsoup.parse(pairPage.toFile());
        List<Element> sides = pair.select(".side-by-side > section");
        assertEquals(2, sides.size());
        assertEquals("A says 1", sides.get(0).selectFirst("div.msg.a-gm .text").text());
        assertEquals("B says 1", sides.get(1).selectFirst("div.msg.a-gm .text").text());
        assertEquals(List.of(false, true, true), sides.get(0).select("div.msg").stream().map(m -> m.hasClass("differs")).toList(),
                "the answers and the outcomes differ, the game master's question does not");
        assertEquals(1, sides.get(0).select("a:contains(full transcript)").size());
        assertEquals(0, sides.get(1).select("a:contains(full transcript)").size(), "B was not transcribed: no dead link");
        Document same = Jsoup.parse(ComparisonPages.pairPage(out, c.pairs().get(0).episode()).toFile());
        assertTrue(same.select("div.msg.differs").isEmpty(), "identical episodes: nothing marked");
        assertTrue(CraftedRuns.assertLinksResolve(out) >= 12);
    }

    @Test
    void aFolderWithTwoRunsOrDifferentInstancesIsRefused(@TempDir Path tmp) throws Exception {
        Path[] r = runs(tmp);
        CraftedRuns.episode(r[1], "c-t0.0--c-t0.0", "taboo", "0_high_en", 0, "success", 100, "x", 1);
        var e = assertThrows(LightbulbException.class, () -> RunComparison.of(r[0], r[1], SETTINGS));
        assertTrue(e.getMessage().contains("holds more than one run of taboo/high_en/episode_0") && e.getMessage().contains("pass one model folder"),
                e.getMessage());
        // the model folder alone is one run
        assertEquals(1, RunComparison.of(r[0], r[1].resolve("c-t0.0--c-t0.0"), SETTINGS).pairs().size());

        Path instance = r[1].resolve("b-t0.0--b-t0.0/taboo/0_high_en/episode_2/instance.json");
        Files.writeString(instance, "{\"game_id\": 2, \"target\": \"another\"}");
        e = assertThrows(LightbulbException.class, () -> RunComparison.of(r[0], r[1].resolve("b-t0.0--b-t0.0"), SETTINGS));
        assertTrue(e.getMessage().endsWith("the two runs played different instances under the same name"), e.getMessage());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(LightbulbException.class, () -> RunComparison.of(r[0], empty, SETTINGS));
        assertTrue(e.getMessage().endsWith("no episode folder with an interactions.json"), e.getMessage());
        Path elsewhere = tmp.resolve("other");
        CraftedRuns.episode(elsewhere, "z", "taboo", "0_high_en", 9, "success", 100, "x", 1);
        e = assertThrows(LightbulbException.class, () -> RunComparison.of(r[0], elsewhere, SETTINGS));
        assertTrue(e.getMessage().contains("no episode of the same game, experiment and number in both"), e.getMessage());
    }

    @Test
    void aGameWithoutScoredPairsHasNoInterval(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        CraftedRuns.episode(a, "a", "taboo", "0_high_en", 0, "unscored", 0, "x", 1);
        CraftedRuns.episode(b, "b", "taboo", "0_high_en", 0, "success", 100, "x", 1);
        RunComparison c = RunComparison.of(a, b, SETTINGS);
        assertNull(c.games().getFirst().score());
        assertNull(c.clemscore());
        ComparisonPages.write(c, SETTINGS, tmp.resolve("out"));
        assertTrue(Jsoup.parse(tmp.resolve("out/index.html").toFile()).selectFirst("table.differences").text().contains("no scored pair"));
    }
}
