package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.SharedData;
import dev.lightbulb.games.Games;
import dev.lightbulb.model.io.BundledModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class RunCommandTest {

    static List<Path> files(Path root, String name) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).sorted().toList();
        }
    }

    @Test
    void allSevenGamesPlayOnTheCpuAndASecondRunPlaysNothing(@TempDir Path out) throws Exception {
        Path model = BundledModels.stories260K();
        // stories260K was trained on 512 positions; clembench's instructions are longer in its 512-token vocabulary
        // one instance of one experiment per game keeps it to seven episodes
        String experiments = "compact_grids,travel-booking,line_grids_rows,high_en,high_frequency_words_no_clue_no_critic,"
                + "high_frequency_words_clue_no_critic,high_frequency_words_clue_with_critic";
        String[] args = {"run", "--out", out.toString(), "--limit-instances", "1", "--experiments", experiments,
                "--max-tokens", "6", "--context", "4096", "--backend", "cpu", "--concurrency", "32"};
        String first = GenerateBatchCommandTest.run(args);
        assertEquals(0, first.charAt(0) - '0', first);
        // stderr is no terminal here (as in CI): one plain progress line per game, no ANSI codes, no redraws
        assertFalse(first.contains("\u001B") || first.contains("\r"), first);
        for (var g : Games.ALL) {
            assertEquals(1, first.lines().filter(l -> l.startsWith(g.name() + ": 1/1 (100%)")).count(), g.name() + ":\n" + first);
        }
        List<Path> episodes = files(out, "interactions.json");
        assertEquals(7, episodes.size(), "one episode per game");
        Path pair = out.resolve("stories260K-t0.0--stories260K-t0.0");
        for (var g : Games.ALL) assertTrue(Files.isDirectory(pair.resolve(g.name())), g.name());
        assertEquals(episodes.size(), files(out, "scores.json").size(), "every episode was played to its end and scored");
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(results.getFirst().contains("-, clemscore"), "the run ends with clembench's results table");
        assertTrue(results.get(1).startsWith("stories260K-t0.0--stories260K-t0.0,"), results.get(1));
        assertTrue(Files.size(out.resolve("raw.csv")) > 0);
        assertEquals(7, files(out, "transcript.html").size(), "the run ends with every episode's transcripts");
        assertEquals(7, files(out, "transcript.tex").size());
        assertTrue(Files.exists(out.resolve("index.html")), "and the results browser");

        ObjectMapper json = new ObjectMapper();
        JsonNode run = json.readTree(episodes.getFirst().toFile()).get("lightbulb run");
        assertEquals(RunCommand.sha256(model), run.get("model_sha256").asText());
        assertEquals("bundled:stories260K.gguf", run.get("model_file").asText(), "the bundled model's temporary path is not recorded");
        assertEquals("F32", run.get("quantisation").asText());
        assertEquals("cpu", run.get("backend").asText());
        assertEquals("plain-role-colon", run.get("chat_template").asText(), "stories260K has no template: the fallback is recorded");
        assertEquals(6, run.get("sampling").get("max_new_tokens").asInt());
        assertEquals(4096, run.get("sampling").get("context_length").asInt());
        JsonNode request = json.readTree(files(out, "requests.json").getFirst().toFile()).get(0).get("raw_response_obj");
        assertTrue(request.get("prompt").asText().endsWith("assistant:"), "the exact rendered prompt is recorded");
        assertEquals(0.0, request.get("sampling").get("temperature").asDouble());

        long before = Files.getLastModifiedTime(episodes.getFirst()).toMillis();
        String second = GenerateBatchCommandTest.run(args);
        assertEquals('0', second.charAt(0), second);
        assertEquals(episodes, files(out, "interactions.json"));
        assertEquals(before, Files.getLastModifiedTime(episodes.getFirst()).toMillis(), "nothing was played again");

        // the README's next step: the same folder with other settings stops, naming the setting and the two ways on
        String[] other = args.clone();
        other[java.util.Arrays.asList(args).indexOf("--max-tokens") + 1] = "7";
        String third = GenerateBatchCommandTest.run(other);
        assertTrue(third.startsWith("2\n") && third.contains("max_new_tokens 6 there, 7 now")
                && third.contains("--out") && third.contains("--overwrite-mismatched"), third);
        assertEquals(before, Files.getLastModifiedTime(episodes.getFirst()).toMillis(), "nothing was mixed in");
        assertEquals("cpu-f32", run.get("numerics").asText(), "the numerics mode is recorded with every episode");
    }

    /** run takes what generate takes: a llama2.c .bin with --tokenizer, and a Hugging Face folder; both are identified by sha256. */
    @Test
    void runsALlama2cCheckpointAndAHuggingFaceFolder(@TempDir Path dir) throws Exception {
        Path bin = SharedData.path("models/tinystories/stories260K.bin"), tok = SharedData.path("models/tinystories/tok512.bin");
        Path hf = dir.resolve("stories260K-hf");
        Files.createDirectories(hf);
        dev.lightbulb.model.HfWeightsTest.writeHfExport(hf);
        for (Path model : List.of(bin, hf)) {
            Path out = dir.resolve("out-" + model.getFileName());
            String r = GenerateBatchCommandTest.run("run", "--model", model.toString(), "--tokenizer", tok.toString(), "--out", out.toString(),
                    "--games", "referencegame", "--experiments", "line_grids_rows", "--limit-instances", "1",
                    "--max-tokens", "4", "--context", "4096", "--backend", "cpu");
            assertTrue(r.startsWith("0\n"), model + ": " + r);
            List<Path> episodes = files(out, "interactions.json");
            assertEquals(1, episodes.size());
            String name = model.equals(bin) ? "stories260K" : "stories260K-hf";
            assertTrue(episodes.getFirst().startsWith(out.resolve(name + "-t0.0--" + name + "-t0.0")), episodes.getFirst().toString());
            JsonNode run = new ObjectMapper().readTree(episodes.getFirst().toFile()).get("lightbulb run");
            assertEquals(RunCommand.sha256(model), run.get("model_sha256").asText());
            assertEquals(RunCommand.sha256(tok), run.get("tokenizer_sha256").asText());
        }
        // a folder's identity covers every file in it: another tokenizer_config.json is another model
        String before = RunCommand.sha256(hf);
        Files.writeString(hf.resolve("tokenizer_config.json"), "{}");
        assertFalse(before.equals(RunCommand.sha256(hf)));
    }

    /** The name becomes the results folder: a path in it would write records outside --out. */
    @Test
    void aNameWithPathSeparatorsOrDotDotIsRejected(@TempDir Path out) throws Exception {
        for (String bad : new String[]{"../escape", "a/b", "a\\b", "..", "x..y", " ", "tab\tname"}) {
            String r = GenerateBatchCommandTest.run("run", "--out", out.toString(), "--name", bad, "--games", "taboo");
            assertTrue(r.startsWith("2\n") && r.contains("--name") && r.contains("plain folder name"), bad + ": " + r);
        }
        try (Stream<Path> s = Files.list(out)) { assertEquals(0, s.count(), "nothing was written"); }
        assertEquals(0, Files.list(out.getParent()).filter(p -> p.getFileName().toString().startsWith("escape")).count());
    }

    @Test
    void unknownGamesAndExperimentsAreClearErrors(@TempDir Path out) {
        String r = GenerateBatchCommandTest.run("run", "--out", out.toString(), "--games", "taboo,chess");
        assertTrue(r.startsWith("2\n") && r.contains("unknown game 'chess'"), r);
        r = GenerateBatchCommandTest.run("run", "--out", out.toString(), "--games", "taboo", "--experiments", "nope");
        assertTrue(r.startsWith("2\n") && r.contains("no experiment 'nope'"), r);
    }
}
