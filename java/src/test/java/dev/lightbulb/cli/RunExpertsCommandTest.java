package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.CliRun;
import dev.lightbulb.games.Evaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** {@code run --player expert}: the programmatic experts through the normal runner, no model file. */
class RunExpertsCommandTest {

    @Test
    void expertsPlayEveryGameAndRecordThemselvesAsProgrammatic(@TempDir Path out) throws Exception {
        CliRun.Result r = CliRun.run("run", "--player", "expert", "--out", out.toString(), "--limit-instances", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        Path pair = out.resolve("expert-t0.0--expert-t0.0");
        List<Path> episodes = RunCommandTest.files(pair, "interactions.json");
        // one instance of each experiment: taboo 3, wordle 2 x 3 games, imagegame 2, referencegame 6, privateshared 5
        assertEquals(22, episodes.size(), r.out());
        assertEquals(episodes.size(), RunCommandTest.files(pair, "scores.json").size(), "every episode was played to its end and scored");
        assertTrue(r.out().contains("played 22, skipped 0 (already written), failed 0"), r.out());
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(results.get(1).startsWith("expert-t0.0--expert-t0.0,"), results.get(1));

        ObjectMapper json = new ObjectMapper();
        JsonNode run = json.readTree(episodes.getFirst().toFile()).get("lightbulb run");
        assertEquals("expert", run.get("model_name").asText());
        assertEquals("programmatic", run.get("model_file").asText());
        assertEquals("programmatic", run.get("backend").asText());
        assertTrue(run.get("model_sha256").isNull(), "no model file, no sha256");
        JsonNode request = json.readTree(RunCommandTest.files(pair, "requests.json").getFirst().toFile()).get(0).get("raw_response_obj");
        assertEquals("programmatic", request.get("player").asText());
        assertEquals("expert", request.get("clem_player").get("model_name").asText());

        CliRun.Result again = CliRun.run("run", "--player", "expert", "--out", out.toString(), "--limit-instances", "1");
        assertTrue(again.out().contains("played 0, skipped 22"), again.out());
    }

    /**
     * Training instances (lightbulb instances) are played as well: expert episodes to finetune on, none of an
     * evaluation target. Taboo is the game where that matters: its guesser must know the training targets too.
     */
    @Test
    void expertsPlayAndWinGeneratedTrainingInstances(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("train"), out = dir.resolve("out");
        assertEquals(0, CliRun.run("instances", "taboo", "--seed", "3", "--n", "9", "--out", set.toString()).code());
        CliRun.Result r = CliRun.run("run", "--player", "expert", "--instances", set.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("played 9, skipped 0 (already written), failed 0"), r.out());
        List<Evaluator.RawScore> raw = Evaluator.raw(out);
        assertEquals(9, raw.stream().filter(s -> s.metric().equals("Success") && s.value() == 1).count(), "every episode won");
    }

    @Test
    void modelAndSamplingOptionsAreRefusedWithExperts(@TempDir Path out) throws Exception {
        for (String[] extra : List.of(new String[]{"--model", "x.gguf"}, new String[]{"--temperature", "0.7"},
                new String[]{"--name", "mine"}, new String[]{"--backend", "cpu"})) {
            CliRun.Result r = CliRun.run(Stream.concat(Stream.of("run", "--player", "expert", "--out", out.toString()),
                    Stream.of(extra)).toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", extra) + ": " + r.err());
            assertTrue(r.err().contains(extra[0] + " does not apply to --player expert"), r.err());
        }
        CliRun.Result r = CliRun.run("run", "--player", "oracle", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--player must be model or expert, got 'oracle'"), r.err());
        try (Stream<Path> s = Files.list(out)) { assertEquals(0, s.count(), "nothing was written"); }
    }
}
