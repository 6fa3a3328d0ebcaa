package dev.lightbulb.games.browse;

import dev.lightbulb.CliRun;
import dev.lightbulb.SharedData;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code transcribe} and {@code compare} as a user runs them, and the transcripts {@code score} and {@code replay} leave. */
class BrowseCommandsTest {

    static Path copyGolden(Path tmp) throws Exception {
        return SharedData.copy("clembench/golden/v1.6", tmp.resolve("v1.6"));
    }

    static List<Path> named(Path root, String name) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).sorted().toList();
        }
    }

    private static boolean ours(Path html) throws Exception {
        return Jsoup.parse(html.toFile()).select("meta[name=generator]").attr("content").equals("lightbulb");
    }

    @Test
    void transcribeWritesEveryEpisodesTranscriptsAndTheBrowserOnClembenchsFolders(@TempDir Path tmp) throws Exception {
        Path golden = copyGolden(tmp);
        CliRun.Result r = CliRun.run("transcribe", golden.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("transcripts of 18 episodes; results browser: " + golden.resolve("index.html")), r.out());
        List<Path> html = named(golden, "transcript.html");
        assertEquals(18, html.size());
        for (Path h : html) assertTrue(ours(h), h.toString());
        assertEquals(18, named(golden, "transcript.tex").size(), "also where clembench's published folder had none");
        try (Stream<Path> pages = Files.list(golden.resolve("browse"))) {
            assertEquals(8, pages.count(), "seven game pages and the page of all episodes");
        }
        assertTrue(CraftedRuns.assertLinksResolve(golden) > 18 * 2 * 2);
    }

    @Test
    void transcribeReportsABrokenEpisodeAndWritesTheOthers(@TempDir Path tmp) throws Exception {
        Path root = ResultsBrowserTest.results(tmp);
        CliRun.Result r = CliRun.run("transcribe", root.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("turns[0][0]: missing field 'action'"), r.err());
        assertTrue(r.err().contains("1 episodes under " + root + " could not be transcribed"), r.err());
        assertEquals(8, named(root, "transcript.html").size());
        assertTrue(Files.exists(root.resolve("index.html")));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        r = CliRun.run("transcribe", empty.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no episode folder with an interactions.json"), r.err());
        r = CliRun.run("transcribe", tmp.resolve("missing").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing: not a folder"), r.err());
    }

    @Test
    void compareWritesThePagesAndPrintsTheDifferences(@TempDir Path tmp) throws Exception {
        Path[] runs = RunComparisonTest.runs(tmp);
        Path out = tmp.resolve("cmp");
        CliRun.Result r = CliRun.run("compare", runs[0].toString(), runs[1].toString(), "--out", out.toString(), "--resamples", "500");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6 pairs, 3 end differently, 2 only in A, 1 only in B"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("wordle +1 +1 +\\+20\\.00 +\\[\\+20\\.00, \\+20\\.00\\]")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("clemscore") && l.contains("+10.00")), r.out());
        assertEquals(6, CraftedRuns.pages(out.resolve("pairs")).size(), "a side-by-side page per pair");
        assertEquals(2, CliRun.run("compare", runs[0].toString(), runs[1].toString(), "--out", out.toString(), "--resamples", "0").code());
        assertEquals(2, CliRun.run("compare", runs[0].toString(), runs[1].toString()).code(), "--out is required");
    }

    @Test
    void scoreAndReplayEndWithTheTranscripts(@TempDir Path tmp) throws Exception {
        Path golden = copyGolden(tmp);
        CliRun.Result r = CliRun.run("score", golden.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("transcripts of 18 episodes"), r.out());
        for (Path h : named(golden, "transcript.html")) assertTrue(ours(h), h.toString());
        var index = Jsoup.parse(golden.resolve("index.html").toFile());
        assertEquals(1, index.select("table.clemscore tbody tr").size(), "scored now: a clemscore row");

        Path episode = golden.resolve("taboo/gpt-4-turbo-2024-04-09/high_en/episode_0");
        Path out = tmp.resolve("replayed");
        r = CliRun.run("replay", episode.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Path replayed = out.resolve("gpt-4-turbo-2024-04-09/taboo/0_high_en/episode_0");
        assertTrue(ours(replayed.resolve("transcript.html")));
        assertTrue(Files.exists(replayed.resolve("transcript.tex")));
        assertTrue(Files.exists(out.resolve("index.html")));
    }
}
