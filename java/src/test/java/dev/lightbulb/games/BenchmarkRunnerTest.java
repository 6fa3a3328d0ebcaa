package dev.lightbulb.games;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.text.chat.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkRunnerTest {
    static final RunInfo INFO = new RunInfo("garbage-bot", "none.gguf", "00ff", null, null, null, "Q8_0", "cpu", "cpu-f32", "chatml",
            Map.of("top_k", 1));

    static ChatModel answering(String text) {
        return new ChatModel() {
            @Override public String name() { return "garbage-bot"; }
            @Override public Reply respond(List<ChatMessage> messages) { return Reply.of(text); }
        };
    }

    /** Empty, garbage, enormous or binary answers: every game records its own abort, nothing crashes. */
    @ParameterizedTest
    @ValueSource(strings = {"", "I like turtles.", "BIG", "BINARY"})
    void badAnswersAbortEveryGameProperly(String kind, @TempDir Path tmp) throws Exception {
        String answer = switch (kind) {
            case "BIG" -> "x".repeat(300_000);
            case "BINARY" -> new String(new byte[]{0, 1, 2, (byte) 0xff, 10, 13, 27}, java.nio.charset.StandardCharsets.ISO_8859_1);
            default -> kind;
        };
        BenchmarkRunner runner = new BenchmarkRunner(tmp, INFO, () -> answering(answer)).limitInstances(1);
        BenchmarkRunner.Summary s = runner.run(Games.ALL);
        assertEquals(0, s.failed());
        assertTrue(s.played() >= 7 + 5);
        List<EpisodeDir> episodes = EpisodeDir.findAll(tmp);
        assertEquals(s.played(), episodes.size());
        for (EpisodeDir ep : episodes) {
            Scores sc = Scores.fromJson(Json.read(ep.dir().resolve("scores.json")));
            assertEquals(1, sc.episode().get(Metrics.ABORTED).intValue(), ep.dir() + " aborted");
            assertTrue(Double.isNaN(sc.episode().get(Metrics.MAIN_SCORE).doubleValue()), ep.dir() + " main score");
            // the scores on disk are what `score` recomputes from interactions.json alone
            GoldenScoresTest.assertSameScores(sc, ep.score(), ep.dir().toString());
            assertEquals("garbage-bot-t0.0--garbage-bot-t0.0", ep.model());
            var run = ep.interactions().get(BenchmarkRunner.RUN_KEY);
            assertEquals("00ff", run.get("model_sha256").asText());
            assertEquals(0.0, run.get("sampling").get("temperature").asDouble());
            assertEquals(100, run.get("sampling").get("max_new_tokens").asInt());
            assertEquals(1, run.get("sampling").get("top_k").asInt());
            assertTrue(Files.exists(ep.dir().resolve("requests.json")) && Files.exists(ep.dir().resolve("instance.json")));
        }
    }

    @Test
    void resumeSkipsWrittenEpisodes(@TempDir Path tmp) throws Exception {
        BenchmarkRunner runner = new BenchmarkRunner(tmp, INFO, () -> answering("nonsense")).limitInstances(2);
        List<Game> games = List.of(Games.byName("taboo"), Games.byName("referencegame"));
        BenchmarkRunner.Summary first = runner.run(games);
        assertEquals(3 * 2 + 6 * 2, first.played());
        Path one = EpisodeDir.findAll(tmp).getFirst().dir().resolve("interactions.json");
        FileTime before = Files.getLastModifiedTime(one);
        BenchmarkRunner.Summary second = runner.run(games);
        assertEquals(new BenchmarkRunner.Summary(0, first.played(), 0), second);
        assertEquals(before, Files.getLastModifiedTime(one));
        JsonNode experiment = Json.read(tmp.resolve(INFO.pairFolder()).resolve("taboo/0_high_en/experiment_high_en.json"));
        assertEquals(3, experiment.get("max_turns").asInt());
        assertEquals("garbage-bot", experiment.get(BenchmarkRunner.RUN_KEY).get("model_name").asText());
        // clembench adds the time and the model pair to the experiment's settings
        assertEquals(INFO.pairFolder(), experiment.get("dialogue_partners").asText());
        assertEquals(experiment.get("timestamp").asText(), PyTime.isoformat(java.time.LocalDateTime.parse(experiment.get("timestamp").asText())));
    }

    /** A rerun with other settings never mixes them into the folder: it stops, or replaces what differs when told to. */
    @Test
    void resumeChecksTheSettings(@TempDir Path tmp) throws Exception {
        List<Game> games = List.of(Games.byName("referencegame"));
        assertEquals(6, new BenchmarkRunner(tmp, INFO, () -> answering("nonsense")).limitInstances(1).run(games).played());
        Path pair = tmp.resolve(INFO.pairFolder());
        assertTrue(Files.exists(pair.resolve(RunFolder.MANIFEST)));

        RunInfo otherSeed = new RunInfo(INFO.modelName(), INFO.modelFile(), INFO.sha256(), null, null, null, INFO.quantisation(),
                INFO.backend(), INFO.numerics(), INFO.chatTemplate(), Map.of("top_k", 1, "seed", 5));
        Path episode = pair.resolve("referencegame/0_line_grids_rows/episode_0/interactions.json");
        FileTime before = Files.getLastModifiedTime(episode);
        LightbulbException e = assertThrows(LightbulbException.class,
                () -> new BenchmarkRunner(tmp, otherSeed, () -> answering("nonsense")).limitInstances(2).run(games));
        assertTrue(e.getMessage().contains("6 episodes") && e.getMessage().contains("seed not recorded there, 5 now")
                && e.getMessage().contains("--out") && e.getMessage().contains("--overwrite-mismatched"), e.getMessage());
        assertEquals(6, EpisodeDir.findAll(tmp).size(), "nothing was played into the folder");
        assertEquals(before, Files.getLastModifiedTime(episode));

        BenchmarkRunner.Summary s = new BenchmarkRunner(tmp, otherSeed, () -> answering("nonsense"))
                .limitInstances(2).overwriteMismatched(true).run(games);
        assertEquals(new BenchmarkRunner.Summary(12, 0, 0, 6), s);
        for (EpisodeDir ep : EpisodeDir.findAll(tmp))
            assertEquals(5, ep.interactions().get(BenchmarkRunner.RUN_KEY).get("sampling").get("seed").asInt());
        assertEquals(5, Json.read(pair.resolve(RunFolder.MANIFEST)).get("sampling").get("seed").asInt());
        assertEquals(5, Json.read(pair.resolve("referencegame/0_line_grids_rows/experiment_line_grids_rows.json"))
                .get(BenchmarkRunner.RUN_KEY).get("sampling").get("seed").asInt());
        // and the same settings resume as before
        assertEquals(new BenchmarkRunner.Summary(0, 12, 0), new BenchmarkRunner(tmp, otherSeed, () -> answering("x")).limitInstances(2).run(games));
    }

    @Test
    void aFailingPlayerIsRecordedAndTheRunGoesOn(@TempDir Path tmp) throws Exception {
        ChatModel broken = new ChatModel() {
            @Override public String name() { return "broken"; }
            @Override public Reply respond(List<ChatMessage> messages) { throw new IllegalStateException("GPU on fire"); }
        };
        BenchmarkRunner runner = new BenchmarkRunner(tmp, INFO, () -> broken).limitInstances(1);
        BenchmarkRunner.Summary s = runner.run(List.of(Games.byName("wordle"), Games.byName("imagegame")));
        assertEquals(new BenchmarkRunner.Summary(0, 0, 2 + 2), s);
        for (EpisodeDir ep : EpisodeDir.findAll(tmp)) {
            assertTrue(ep.interactions().get(BenchmarkRunner.FAILURE_KEY).asText().contains("GPU on fire"));
            assertFalse(Files.exists(ep.dir().resolve("scores.json")));
        }
    }

    @Test
    void contextExceededAbortsWordleAndFailsOtherGames(@TempDir Path tmp) throws Exception {
        ChatModel full = new ChatModel() {
            @Override public String name() { return "full"; }
            @Override public Reply respond(List<ChatMessage> messages) { throw new ContextExceededException("4096 tokens"); }
        };
        BenchmarkRunner.Summary s = new BenchmarkRunner(tmp, INFO, () -> full).limitInstances(1)
                .run(List.of(Games.byName("wordle_withcritic"), Games.byName("taboo")));
        assertEquals(new BenchmarkRunner.Summary(2, 0, 3), s);
        for (EpisodeDir ep : EpisodeDir.findAll(tmp)) {
            if (ep.game().name().equals("taboo")) continue;
            Scores sc = Scores.fromJson(Json.read(ep.dir().resolve("scores.json")));
            assertEquals(1, sc.episode().get(Metrics.ABORTED).intValue());
        }
    }
}
