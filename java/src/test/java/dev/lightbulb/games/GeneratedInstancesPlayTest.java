package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.text.chat.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated instances are played by the normal game masters and scorers: players that know the instance's answer
 * (a test's oracle, not a fair player) win every game, which they can only if targets, grids, clues, prompts and
 * answer options are all well formed (a wordle target must be an allowed guess, a grid must match Player 2's
 * pattern...); privateshared has no single answer and is played to its end.
 */
class GeneratedInstancesPlayTest {
    /** A player answering from the instance (and how often it was asked). */
    static ChatModel oracle(Function<Integer, String> byCall) {
        return new ChatModel() {
            int calls;
            @Override public String name() { return "oracle"; }
            @Override public Reply respond(List<ChatMessage> messages) { return Reply.of(byCall.apply(calls++)); }
        };
    }

    static List<ChatModel> players(String game, JsonNode inst) {
        String word = inst.path("target_word").asText();
        return switch (game) {
            case "taboo" -> List.of(oracle(c -> "CLUE: xyzzy"), oracle(c -> "GUESS: " + word));
            case "wordle", "wordle_withclue" -> List.of(oracle(c -> "guess: " + word + "\nexplanation: known"));
            case "wordle_withcritic" -> List.of(oracle(c -> "guess: " + word + "\nexplanation: known"),
                    oracle(c -> "agreement: yes\nexplanation: fine"));
            case "imagegame" -> List.of(oracle(c -> c == 0 ? "Instruction: draw the grid" : "Instruction: DONE"),
                    oracle(c -> inst.get("target_grid").asText().strip()));
            case "referencegame" -> List.of(oracle(c -> "Expression: the target"),
                    oracle(c -> "Answer: " + inst.get("target_grid_name").get(0).asText()));
            case "privateshared" -> {
                List<String> values = new ArrayList<>();
                inst.get("slots").forEach(v -> values.add(v.asText()));
                yield List.of(new ChatModel() {
                    @Override public String name() { return "oracle"; }
                    @Override public Reply respond(List<ChatMessage> messages) {
                        boolean probe = messages.getLast().content().contains("yes or no");
                        return Reply.of(probe ? "ASIDE: no" : "ANSWER: " + String.join(", ", values));
                    }
                });
            }
            default -> throw new IllegalArgumentException(game);
        };
    }

    @Test
    void oraclesWinEveryGeneratedInstance() {
        for (Game g : Games.ALL) {
            GameInstances set = TrainingInstances.generate(g.name(), 11, 2 * GameInstances.bundled(g.name()).experiments().size());
            for (JsonNode exp : set.experiments())
                for (JsonNode inst : exp.get("game_instances")) {
                    GameMaster m = g.master(exp, inst, players(g.name(), inst));
                    m.play();
                    Map<String, Number> s = g.score(m.record().interactions(), exp, inst).episode();
                    String where = g.name() + " " + exp.get("name").asText() + " " + inst.get("game_id");
                    assertEquals(0, s.get(Metrics.ABORTED).intValue(), where);
                    if (!g.name().equals("privateshared")) {
                        assertEquals(1, s.get(Metrics.SUCCESS).intValue(), where);
                        assertEquals(100.0, s.get(Metrics.MAIN_SCORE).doubleValue(), 1e-9, where);
                    }
                }
        }
    }

    /** The runner plays a generated set in place of the bundled one, and records which set it was. */
    @Test
    void theRunnerPlaysAGeneratedSetAndRecordsItsSha256(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("train");
        Json.write(dir.resolve("referencegame/instances.json"), TrainingInstances.generate("referencegame", 2, 6).root());
        InstanceSet set = InstanceSet.read(dir, null);
        assertEquals(List.of("referencegame"), set.games());
        RunInfo info = BenchmarkRunnerTest.INFO.withInstances(set);
        BenchmarkRunner runner = new BenchmarkRunner(tmp.resolve("out"), info, () -> BenchmarkRunnerTest.answering("Answer: first")).instances(set);
        assertEquals(6, runner.run(List.of(Games.byName("referencegame"))).played());
        for (EpisodeDir ep : EpisodeDir.findAll(tmp.resolve("out"))) {
            JsonNode run = ep.interactions().get(BenchmarkRunner.RUN_KEY);
            assertEquals(set.sha256(), run.get("instances_sha256").asText());
            assertEquals(dir.toString(), run.get("instances").asText());
            String target = ep.instance().get("player_1_target_grid").asText();
            assertTrue(InstanceOverlap.check("referencegame", set.of("referencegame"), GameInstances.bundled("referencegame")).isEmpty());
            assertEquals(set.of("referencegame").instance(ep.experimentName(), ep.index()).get("player_1_target_grid").asText(), target);
            GoldenScoresTest.assertSameScores(Scores.fromJson(Json.read(ep.dir().resolve("scores.json"))), ep.score(), ep.dir().toString());
        }
        // the same folder with the bundled instances holds another configuration
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.lightbulb.LightbulbException.class,
                () -> new BenchmarkRunner(tmp.resolve("out"), BenchmarkRunnerTest.INFO, () -> BenchmarkRunnerTest.answering("x")).claimResults());
        assertTrue(e.getMessage().contains("instances_sha256 " + set.sha256() + " there, none now"), e.getMessage());
    }
}
