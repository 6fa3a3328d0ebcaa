package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.CliRun;
import dev.lightbulb.SharedData;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.model.io.BundledModels;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.text.Tokenizers;
import dev.lightbulb.train.TrainingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** clembench v1.6's recorded episodes (real GPT-4 games) become chat lines that finetune reads. */
class EpisodeDatasetTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordedCallBecomesOneChatLineEndingInTheRecordedReply() throws IOException {
        Path golden = SharedData.path("clembench/golden/v1.6");
        Path out = dir.resolve("train.jsonl");
        CliRun.Result r = CliRun.run("dataset", "episodes", golden.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        int calls = 0;
        try (var s = Files.walk(golden)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("requests.json")).toList()) calls += Json.read(p).size();
        }
        assertEquals(calls, lines.size());
        assertTrue(r.out().contains(lines.size() + " chat lines"), r.out());
        Path first = golden.resolve("imagegame/gpt-4-turbo-2024-04-09/compact_grids/episode_4/requests.json");
        JsonNode call = Json.read(first).get(0);
        String expectedReply = call.path("raw_response_obj").path("clem_player").path("response").asText();
        boolean found = false;
        for (String l : lines) {
            JsonNode m = Json.MAPPER.readTree(l).get("messages");
            assertEquals("assistant", m.get(m.size() - 1).get("role").asText());
            if (m.get(0).get("content").asText().equals(call.get("manipulated_prompt_obj").get(0).get("content").asText())
                    && m.get(m.size() - 1).get("content").asText().equals(expectedReply)) found = true;
        }
        assertTrue(found, "the imagegame call is there with its prompt and reply");
        try (GgufFile f = GgufFile.open(BundledModels.stories260K())) {
            // a line per call, and finetune learns every assistant message of it (earlier replies in a multi-turn prompt too)
            assertTrue(TrainingData.read(out, Tokenizers.fromGguf(f), ChatFormat.PLAIN).size() >= lines.size(), "finetune reads every line");
        }
        r = CliRun.run("dataset", "episodes", golden.toString(), "--out", out.toString(), "--only-success");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readAllLines(out).size() < lines.size(), "some golden episodes were lost");
    }

    @Test
    void roleKeepsOnePlayersCalls() throws IOException {
        Path taboo = SharedData.path("clembench/golden/v1.6/taboo");
        Path all = dir.resolve("all.jsonl"), describer = dir.resolve("d.jsonl"), guesser = dir.resolve("g.jsonl");
        assertEquals(0, CliRun.run("dataset", "episodes", taboo.toString(), "--out", all.toString()).code());
        assertEquals(0, CliRun.run("dataset", "episodes", taboo.toString(), "--out", describer.toString(), "--role", "1").code());
        assertEquals(0, CliRun.run("dataset", "episodes", taboo.toString(), "--out", guesser.toString(), "--role", "2").code());
        List<String> d = Files.readAllLines(describer), g = Files.readAllLines(guesser);
        assertEquals(Files.readAllLines(all).size(), d.size() + g.size(), "every call is one player's");
        for (String l : d) assertTrue(firstPrompt(l).contains("you have to describe a target word"), firstPrompt(l));
        for (String l : g) assertTrue(firstPrompt(l).contains("you have to guess a target word"), firstPrompt(l));
        assertTrue(d.stream().filter(l -> lastReply(l).startsWith("CLUE:")).count() > d.size() / 2, "most of the describer's replies are clues");
        CliRun.Result r = CliRun.run("dataset", "episodes", taboo.toString(), "--out", guesser.toString(), "--role", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--role must be >= 1"), r.err());
    }

    private static String lastReply(String line) {
        JsonNode m = messages(line);
        return m.get(m.size() - 1).get("content").asText().strip();
    }

    private static String firstPrompt(String line) {
        return messages(line).get(0).get("content").asText();
    }

    private static JsonNode messages(String line) {
        try {
            return Json.MAPPER.readTree(line).get("messages");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFolderWithoutEpisodesIsOneClearError() {
        CliRun.Result r = CliRun.run("dataset", "episodes", dir.toString(), "--out", dir.resolve("o.jsonl").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no episode with a requests.json"), r.err());
    }
}
