package dev.lightbulb.games;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkRunnerTest {
    static final RunInfo INFO = new RunInfo("garbage-bot", "none.gguf", "00ff", null, "Q8_0", "cpu", "cpu-f32", "chatml",
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
