package dev.lightbulb.games;

import dev.lightbulb.CliRun;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.SharedData;
import dev.lightbulb.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The score / eval / replay commands on real clembench folders, and their errors on bad input. */
class GamesCliTest {

    static Path copyGolden(Path tmp) throws Exception {
        return SharedData.copy("clembench/golden/v1.6", tmp.resolve("v1.6"));
    }

    /** Runs the CLI, asserts its exit code, and returns what it printed: {stdout, stderr}. */
    static String[] execute(int expectedExit, String... args) {
        CliRun.Result r = CliRun.run(args);
        assertEquals(expectedExit, r.code(), () -> "exit code; stdout: " + r.out() + "; stderr: " + r.err());
        return new String[]{r.out(), r.err()};
    }

    /** A runner-written results folder: taboo's episodes failed (context overflow), referencegame's aborted. */
    static Path runWithFailedTaboo(Path tmp) throws Exception {
        ChatModel full = new ChatModel() {
            @Override public String name() { return "full"; }
            @Override public Reply respond(java.util.List<dev.lightbulb.text.chat.ChatMessage> messages) {
                throw new ContextExceededException("4096 tokens");
            }
        };
        assertEquals(new BenchmarkRunner.Summary(0, 0, 3), new BenchmarkRunner(tmp, BenchmarkRunnerTest.INFO, () -> full)
                .limitInstances(1).run(java.util.List.of(Games.byName("taboo"))));
        new BenchmarkRunner(tmp, BenchmarkRunnerTest.INFO, () -> BenchmarkRunnerTest.answering("nonsense"))
                .limitInstances(1).run(java.util.List.of(Games.byName("referencegame")));
        return tmp.resolve(BenchmarkRunnerTest.INFO.pairFolder());
    }

    @Test
    void failedEpisodesAreNeitherScoredNorCounted(@TempDir Path tmp) throws Exception {
        Path pair = runWithFailedTaboo(tmp);
        Path failed = pair.resolve("taboo/0_high_en/episode_0");
        // what the old `score` wrote for it: a made-up Lose
        Files.writeString(failed.resolve("scores.json"), "{\"turn scores\": {}, \"episode scores\": {\"Aborted\": 0, \"Lose\": 1, \"Success\": 0, \"Main Score\": 0}}");
        assertThrows(dev.lightbulb.LightbulbException.class, () -> EpisodeDir.of(failed).score());

        String[] score = execute(0, "score", tmp.toString());
        assertTrue(score[0].contains("scored 6 of 9 episodes") && score[0].contains("3 recorded as failed"), score[0]);
        for (EpisodeDir ep : EpisodeDir.findAll(tmp))
            assertEquals(!ep.game().name().equals("taboo"), Files.exists(ep.dir().resolve("scores.json")), ep.dir().toString());

        // a stale scores.json beside a failure record is not counted by eval either
        Files.writeString(failed.resolve("scores.json"), "{\"episode scores\": {\"Aborted\": 0, \"Main Score\": 0}}");
        String[] eval = execute(0, "eval", tmp.toString());
        assertTrue(eval[0].contains(BenchmarkRunnerTest.INFO.pairFolder() + ": 3 episodes left out")
                && eval[0].contains("3 failed in the run, 0 not scored"), eval[0]);
        assertFalse(Files.readString(tmp.resolve("results.csv")).contains("taboo"));
        assertFalse(Files.readString(tmp.resolve("raw.csv")).contains("taboo"));
    }

    @Test
    void evalTableSaysNaWhereClembenchHasNaN(@TempDir Path tmp) throws Exception {
        new BenchmarkRunner(tmp, BenchmarkRunnerTest.INFO, () -> BenchmarkRunnerTest.answering("nonsense"))
                .limitInstances(1).run(java.util.List.of(Games.byName("referencegame")));
        String table = execute(0, "eval", tmp.toString())[0];
        String row = table.lines().filter(l -> l.startsWith(BenchmarkRunnerTest.INFO.pairFolder())).findFirst().orElseThrow();
        // every episode aborted: 0 % played, quality and clemscore undefined
        assertEquals(java.util.List.of(BenchmarkRunnerTest.INFO.pairFolder(), "n/a", "0.00", "n/a"), java.util.List.of(row.trim().split(" +")));
        // results.csv keeps clembench's empty (NaN) cells
        assertTrue(Files.readString(tmp.resolve("results.csv")).contains(BenchmarkRunnerTest.INFO.pairFolder() + ",,0.0,,"));
    }

    @Test
    void scoreThenEvalOnClembenchFolders(@TempDir Path tmp) throws Exception {
        Path copy = copyGolden(tmp);
        Path published = copy.resolve("wordle/gpt-4-turbo-2024-04-09/high_frequency_words_no_clue_no_critic/episode_4/scores.json");
        Scores before = Scores.fromJson(Json.read(published));
        assertEquals(0, Main.execute("score", copy.toString()));
        GoldenScoresTest.assertSameScores(before, Scores.fromJson(Json.read(published)), "rewritten scores.json");
        assertTrue(Files.exists(copy.resolve("taboo/gpt-4-turbo-2024-04-09/high_en/episode_0/scores.json")));
        assertEquals(0, Main.execute("eval", copy.toString()));
        assertTrue(Files.readString(copy.resolve("results.csv")).contains("gpt-4-turbo-2024-04-09,"));
        assertTrue(Files.readString(copy.resolve("raw.csv")).contains("Main Score"));
    }

    @Test
    void replayWritesTheFourFilesInClembenchsLayout(@TempDir Path tmp) throws Exception {
        Path ep = SharedData.path("clembench/golden/v1.6/taboo/gpt-4-turbo-2024-04-09/low_en/episode_17");
        Path replayed = tmp.resolve("replayed");
        assertEquals(0, Main.execute("replay", ep.toString(), "--out", replayed.toString()));
        // <model folder>/<game>/<idx>_<experiment>/episode_<n>: low_en is taboo's third experiment
        Path out = replayed.resolve("gpt-4-turbo-2024-04-09/taboo/2_low_en/episode_17");
        for (String f : new String[]{"instance.json", "interactions.json", "requests.json", "scores.json"})
            assertTrue(Files.exists(out.resolve(f)), f);
        Scores s = Scores.fromJson(Json.read(out.resolve("scores.json")));
        assertEquals(1, s.episode().get(Metrics.SUCCESS).intValue());
        assertEquals(100.0 / 3, s.episode().get(Metrics.MAIN_SCORE).doubleValue(), 1e-12);
        execute(0, "eval", replayed.toString());
        assertTrue(Files.readString(replayed.resolve("results.csv")).lines().skip(1).allMatch(l -> l.startsWith("gpt-4-turbo-2024-04-09,")));

        // a runner-written episode keeps its model-pair folder
        Path pair = runWithFailedTaboo(tmp.resolve("run"));
        Path source = pair.resolve("referencegame/1_line_grids_columns/episode_0");
        assertEquals(0, Main.execute("replay", source.toString(), "--out", replayed.toString()));
        assertTrue(Files.exists(replayed.resolve(pair.getFileName()).resolve("referencegame/1_line_grids_columns/episode_0/scores.json")));
    }

    @Test
    void badInputIsOneClearError(@TempDir Path tmp) throws Exception {
        assertEquals(2, Main.execute("score", tmp.resolve("missing").toString()));
        assertEquals(2, Main.execute("eval", tmp.toString()));
        assertEquals(2, Main.execute("replay", tmp.toString(), "--out", tmp.toString()));

        Path bad = tmp.resolve("instances.json");
        Files.writeString(bad, "{\"experiments\": [{\"name\": \"x\"}]}");
        LightbulbException e = assertThrows(LightbulbException.class, () -> GameInstances.read(bad));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("game_instances"), e.getMessage());
        Files.writeString(bad, "{\"experiments\": [");
        e = assertThrows(LightbulbException.class, () -> GameInstances.read(bad));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(LightbulbException.class, () -> GameInstances.bundled("chess"));
        assertTrue(e.getMessage().contains("resource /dev/lightbulb/games/chess/instances.json is missing"), e.getMessage());

        // an episode whose interactions.json is broken: score reports it on one line, scores the others, exits 2
        Path run = runWithFailedTaboo(tmp.resolve("run"));
        Path ep = run.resolve("referencegame/0_line_grids_rows/episode_0");
        Files.writeString(ep.resolve("interactions.json"), "{not json");
        String[] score = execute(2, "score", run.toString());
        assertTrue(score[1].lines().anyMatch(l -> l.startsWith("lightbulb: " + ep.resolve("interactions.json") + ": not valid JSON")), score[1]);
        assertTrue(score[1].contains("1 of 9 episodes under " + run + " could not be scored"), score[1]);
        assertTrue(Files.exists(run.resolve("referencegame/1_line_grids_columns/episode_0/scores.json")));
        // replaying a failed episode, or one the recorded answers cannot play, is a user error too
        String[] replay = execute(2, "replay", run.resolve("taboo/0_high_en/episode_0").toString(), "--out", tmp.toString());
        assertTrue(replay[1].contains("recorded as failed") && replay[1].lines().count() == 1, replay[1]);
        // an instance missing a field the game needs
        e = assertThrows(LightbulbException.class, () -> Games.byName("taboo").master(
                GameInstances.bundled("taboo").experiment("high_en"), Json.object().put("game_id", 3),
                java.util.List.of(BenchmarkRunnerTest.answering("CLUE: x"), BenchmarkRunnerTest.answering("GUESS: y"))).play());
        assertTrue(e.getMessage().contains("target_word"), e.getMessage());
    }
}
