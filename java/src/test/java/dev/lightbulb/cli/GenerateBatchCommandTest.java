package dev.lightbulb.cli;

import dev.lightbulb.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.SharedData;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.Generation;
import dev.lightbulb.model.Generator;
import dev.lightbulb.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class GenerateBatchCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, JsonNode> byId(Path out) throws Exception {
        Map<String, JsonNode> m = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode o = JSON.readTree(line);
            assertNull(m.put(o.get("id").asText(), o), "each id once: " + line);
        }
        return m;
    }

    static String run(String... args) {
        CliRun.Result r = CliRun.run(args);
        return r.code() + "\n" + r.err();
    }

    @Test
    void generatesEveryLineResumesAfterACrashAndSkipsWhatIsDone(@TempDir Path dir) throws Exception {
        Path model = SharedData.path("models/tinystories/stories260K-f32.gguf");
        Path in = dir.resolve("in.jsonl"), out = dir.resolve("out.jsonl");
        Files.writeString(in, """
                {"id": "a", "prompt": "Once upon a time", "max_tokens": 20}
                {"id": "b", "prompt": "The cat sat", "max_tokens": 12, "stop": "."}
                {"id": "c", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 8}

                {"id": "d", "prompt": "Lily had a ball", "temperature": 0.8, "top_k": 20, "seed": 42, "max_tokens": 16}
                """);
        String[] args = {"generate", "--model", model.toString(), "--prompts", in.toString(), "--out", out.toString(), "--concurrency", "3", "--backend", "cpu"};
        assertTrue(run(args).startsWith("0\n"));
        Map<String, JsonNode> first = byId(out);
        assertEquals(List.of("a", "b", "c", "d"), first.keySet().stream().sorted().toList());

        try (LoadedModel m = LoadedModel.open(model, null, new CpuBackend())) {
            Generation ref = Generator.generate(m.model(), m.tokenizer().encode("Once upon a time", true), 20, SamplingParams.GREEDY, m.tokenizer()::isEndOfGeneration);
            JsonNode a = first.get("a");
            int[] ids = JSON.treeToValue(a.get("generated_ids"), int[].class);
            assertArrayEquals(ref.generatedIds(), ids);
            assertEquals(ref.generatedIds().length, a.get("logprobs").size());
            assertEquals(ref.finishReason().jsonName(), a.get("finish_reason").asText());
        }
        assertFalse(first.get("b").get("text").asText().contains("."), "text stops before the stop string");

        // a crash mid-write: the last line is cut short; the rerun drops it, regenerates that one only
        List<String> lines = Files.readAllLines(out);
        String last = lines.getLast();
        String cut = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n" + last.substring(0, last.length() / 2);
        Files.writeString(out, cut);
        assertTrue(run(args).startsWith("0\n"));
        Map<String, JsonNode> second = byId(out);
        assertEquals(first, second, "the regenerated line is the same as before");

        long size = Files.size(out);
        assertTrue(run(args).startsWith("0\n"));
        assertEquals(size, Files.size(out), "a finished file gets nothing more");
    }

    /** --prompts takes a llama2.c checkpoint and honours --tokenizer, as --model's help says (before: GGUF only, "not a GGUF file"). */
    @Test
    void llama2cModelWithItsTokenizerGivesTheSameIdsAsGeneratingAlone(@TempDir Path dir) throws Exception {
        Path model = SharedData.path("models/tinystories/stories260K.bin"), tok = SharedData.path("models/tinystories/tok512.bin");
        Path in = dir.resolve("in.jsonl"), out = dir.resolve("out.jsonl");
        Files.writeString(in, "{\"id\": \"a\", \"prompt\": \"Once upon a time\", \"max_tokens\": 24}\n");
        String r = run("generate", "--model", model.toString(), "--tokenizer", tok.toString(), "--prompts", in.toString(),
                "--out", out.toString(), "--backend", "cpu");
        assertTrue(r.startsWith("0\n"), r);
        try (LoadedModel m = LoadedModel.open(model, tok, new CpuBackend())) {
            Generation ref = Generator.generate(m.model(), m.tokenizer().encode("Once upon a time", true), 24, SamplingParams.GREEDY, m.tokenizer()::isEndOfGeneration);
            assertArrayEquals(ref.generatedIds(), JSON.treeToValue(byId(out).get("a").get("generated_ids"), int[].class));
        }
    }

    @Test
    void aBadLineIsOneErrorNamingItsLineNumber(@TempDir Path dir) throws Exception {
        Path model = SharedData.path("models/tinystories/stories260K-f32.gguf");
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"id\": \"a\", \"prompt\": \"x\"}\n\n{\"id\": \"b\", \"prompt\": \"y\", \"temperature\": \"hot\"}\n");
        String r = run("generate", "--model", model.toString(), "--prompts", in.toString(), "--out", dir.resolve("o.jsonl").toString(), "--backend", "cpu");
        assertTrue(r.startsWith("2\n"), r);
        assertTrue(r.contains("line 3: field 'temperature' must be a number"), r);
        assertFalse(r.contains("\tat "), "no stack trace");

        Files.writeString(in, "{\"id\": \"a\", \"prompt\": \"x\"}\n{\"id\": \"a\", \"prompt\": \"y\"}\n");
        r = run("generate", "--model", model.toString(), "--prompts", in.toString(), "--out", dir.resolve("o.jsonl").toString(), "--backend", "cpu");
        assertTrue(r.contains("line 2: id 'a' was already used"), r);

        Files.writeString(in, "{\"id\": \"a\", \"promt\": \"x\"}\n");
        r = run("generate", "--model", model.toString(), "--prompts", in.toString(), "--out", dir.resolve("o.jsonl").toString(), "--backend", "cpu");
        assertTrue(r.contains("line 1: unknown field 'promt'"), r);
    }
    /** A line that is not UTF-8 is named by its number; a byte-order mark at the start of the file is no error. */
    @Test
    void encodingErrorsNameTheLineAndABomIsAccepted(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.jsonl"), out = dir.resolve("o.jsonl");
        byte[] bad = "{\"id\": \"a\", \"prompt\": \"x\"}\n{\"id\": \"b\", \"prompt\": \"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(in, bad);
        String r = run("generate", "--prompts", in.toString(), "--out", out.toString(), "--max-tokens", "2", "--backend", "cpu");
        assertTrue(r.startsWith("2\n"), r);
        assertTrue(r.contains(in + " line 2 is not valid UTF-8 (byte 0xe9 at byte 27 of the line)"), r);
        r = run("generate", "--prompts", dir.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals("2\nlightbulb: --prompts: " + dir + " is a directory, not a JSONL file", r.strip());

        Files.write(in, ("\uFEFF{\"id\": \"a\", \"prompt\": \"Once\"}\r\n{\"id\": \"b\", \"prompt\": \"Once upon\"}\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        r = run("generate", "--prompts", in.toString(), "--out", out.toString(), "--max-tokens", "2", "--backend", "cpu");
        assertTrue(r.startsWith("0\n"), r);
        assertEquals(java.util.Set.of("a", "b"), byId(out).keySet());
    }
}
