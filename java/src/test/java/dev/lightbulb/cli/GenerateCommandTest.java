package dev.lightbulb.cli;

import dev.lightbulb.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.SharedData;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

class GenerateCommandTest {

    /** Runs the CLI, returning {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        CliRun.Result r = CliRun.run(args);
        return new Object[] {r.code(), r.out(), r.err()};
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    @Test
    void llama2cModelWithJsonGivesRunCsGreedyIds() throws Exception {
        String model = SharedData.path("models/tinystories/stories260K.bin").toString();
        String tok = SharedData.path("models/tinystories/tok512.bin").toString();
        JsonNode ref = new ObjectMapper().readTree(SharedData.path("models/reference/stories260K_greedy_once.json").toFile());
        Object[] r = run("generate", "--model", model, "--tokenizer", tok, "--prompt", "Once upon a time",
                "--max-tokens", "40", "--backend", "cpu", "--json");
        assertEquals(0, r[0], (Supplier<String>) () -> (String) r[2]);
        JsonNode j = new ObjectMapper().readTree((String) r[1]);
        assertArrayEquals(ints(ref.get("prompt_ids")), ints(j.get("prompt_ids")));
        int[] expected = java.util.Arrays.copyOf(ints(ref.get("generated_ids")), 40);
        assertArrayEquals(expected, ints(j.get("generated_ids")));
        assertEquals("length", j.get("finish_reason").asText());
        assertTrue(j.get("text").asText().length() > 20);
        assertTrue(j.get("tokens_per_second").asDouble() > 0);
        assertTrue(j.has("prompt_ms"));
        assertEquals(java.nio.file.Path.of(model).toAbsolutePath().toString(), j.get("model").asText(), "a user's file by its absolute path");
    }

    /** No --model: the bundled stories260K GGUF, with the tokenizer from its metadata, gives run.c's greedy ids. */
    @Test
    void bundledModelIsTheDefaultAndGivesRunCsGreedyIds() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(SharedData.path("models/reference/stories260K_greedy_once.json").toFile());
        int[] expected = ints(ref.get("generated_ids"));
        Object[] r = run("generate", "--prompt", "Once upon a time", "--max-tokens", String.valueOf(expected.length), "--json");
        assertEquals(0, r[0], (Supplier<String>) () -> (String) r[2]);
        JsonNode j = new ObjectMapper().readTree((String) r[1]);
        assertArrayEquals(ints(ref.get("prompt_ids")), ints(j.get("prompt_ids")));
        assertArrayEquals(expected, ints(j.get("generated_ids")));
        assertEquals("cpu", j.get("backend").asText());
        assertEquals("bundled:stories260K.gguf", j.get("model").asText());
    }

    /** Plain output is the prompt and its continuation, as run.c prints it (the reference text has no byte tokens). */
    @Test
    void plainOutputIsRunCsStdout() throws Exception {
        JsonNode ref = new ObjectMapper().readTree(SharedData.path("models/reference/stories260K_greedy_once.json").toFile());
        Object[] r = run("generate", "--prompt", "Once upon a time", "--max-tokens", String.valueOf(ref.get("generated_ids").size()));
        assertEquals(0, r[0], (Supplier<String>) () -> (String) r[2]);
        assertEquals(ref.get("stdout_text").asText(), r[1]);
    }

    @Test
    void ggufModelUsesItsOwnTokenizerAndPrintsText() {
        String model = SharedData.path("models/tinystories/stories260K-f32.gguf").toString();
        Object[] r = run("generate", "--model", model, "--prompt", "Once upon a time", "--max-tokens", "16",
                "--temperature", "0.8", "--top-p", "0.9", "--seed", "7");
        assertEquals(0, r[0], (Supplier<String>) () -> (String) r[2]);
        assertTrue(((String) r[1]).startsWith("Once upon a time"), (String) r[1]);
        Object[] again = run("generate", "--model", model, "--prompt", "Once upon a time", "--max-tokens", "16",
                "--temperature", "0.8", "--top-p", "0.9", "--seed", "7");
        assertEquals(r[1], again[1], "same seed, same text");
    }

    @Test
    void promptLongerThanTheContextIsAClearError() {
        String model = SharedData.path("models/tinystories/stories260K-f32.gguf").toString();
        Object[] r = run("generate", "--model", model, "--prompt", "Once upon a time ".repeat(200), "--max-tokens", "4");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains(model + ": the prompt has 802 tokens; with --max-tokens 4 that exceeds the model's context length of 512"), (String) r[2]);
        assertEquals("", r[1], "nothing on stdout");
    }

    /**
     * clembench's rule, as the engine and --prompts apply it: a prompt that fits but leaves less room than
     * --max-tokens gets no tokens and finish reason context, rather than running until the context fills.
     */
    @Test
    void promptPlusMaxTokensBeyondTheContextGeneratesNothing() throws Exception {
        Object[] plain = run("generate", "--prompt", "Once upon a time", "--max-tokens", "508");
        assertEquals(2, plain[0]);
        assertEquals("", plain[1], "not even the prompt is echoed");
        assertTrue(((String) plain[2]).contains("bundled:stories260K.gguf: the prompt has 5 tokens; with --max-tokens 508 that exceeds the model's context length of 512"), (String) plain[2]);

        Object[] json = run("generate", "--prompt", "Once upon a time", "--max-tokens", "508", "--json");
        assertEquals(2, json[0]);
        JsonNode j = new ObjectMapper().readTree((String) json[1]);
        assertEquals("context", j.get("finish_reason").asText());
        assertEquals(0, j.get("generated_ids").size());
        assertEquals(5, j.get("prompt_ids").size());
        assertEquals("", j.get("text").asText());
        assertTrue(j.get("message").asText().contains("context length of 512"), j.toString());

        Object[] fits = run("generate", "--prompt", "Once upon a time", "--max-tokens", "507", "--json");
        assertEquals(0, fits[0], (Supplier<String>) () -> (String) fits[2]);
        assertNotEquals("context", new ObjectMapper().readTree((String) fits[1]).get("finish_reason").asText(), "5 + 507 = 512 fits");
    }

    /** An option of the other mode would be silently ignored: each such combination is one clear error, exit 2. */
    @Test
    void optionsOfTheOtherModeAreErrors() {
        String[][] wrong = {
                {"--prompt", "hi", "--prompts", "in.jsonl", "--out", "o.jsonl"},
                {"--prompts", "in.jsonl", "--out", "o.jsonl", "--json"},
                {"--prompt", "hi", "--out", "o.jsonl"},
                {"--prompt", "hi", "--concurrency", "4"},
                {"--prompt", "hi", "--no-prefix-sharing"},
        };
        String[] named = {"not both", "--json does not apply to --prompts",
                "--out does not apply to --prompt",
                "--concurrency does not apply to --prompt", "--no-prefix-sharing does not apply to --prompt"};
        for (int i = 0; i < wrong.length; i++) {
            String[] args = new String[wrong[i].length + 1];
            args[0] = "generate";
            System.arraycopy(wrong[i], 0, args, 1, wrong[i].length);
            Object[] r = run(args);
            assertEquals(2, r[0], String.join(" ", args));
            assertTrue(((String) r[2]).contains(named[i]), (String) r[2]);
            assertEquals("", r[1], "nothing generated: " + String.join(" ", args));
        }
    }

    @Test
    void missingModelFileIsAClearError() {
        Object[] r = run("generate", "--model", "/no/such/model.gguf", "--prompt", "hi");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--model: /no/such/model.gguf: no such file"), (String) r[2]);
    }

    @Test
    void badOptionsAreClearErrors() {
        String model = SharedData.path("models/tinystories/stories260K-f32.gguf").toString();
        Object[] cuda = run("generate", "--model", model, "--prompt", "hi", "--backend", "cuda");
        assertEquals(2, cuda[0]);
        assertTrue(((String) cuda[2]).contains("cuda"), (String) cuda[2]);
        Object[] temp = run("generate", "--model", model, "--prompt", "hi", "--temperature", "-1");
        assertEquals(2, temp[0]);
        assertTrue(((String) temp[2]).contains("temperature"), (String) temp[2]);
        Object[] bin = run("generate", "--model", SharedData.path("models/tinystories/stories260K.bin").toString(), "--prompt", "hi");
        assertEquals(2, bin[0]);   // the tokenizer.bin beside it is Llama 2's 32000-token vocabulary
        assertTrue(((String) bin[2]).contains("tokenizer.bin: the tokenizer has 32000 tokens but the model's vocabulary has 512"), (String) bin[2]);
    }
}
