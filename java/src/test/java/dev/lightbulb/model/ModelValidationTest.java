package dev.lightbulb.model;

import dev.lightbulb.CliRun;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.model.io.GgufArray;
import dev.lightbulb.model.io.GgufValue;
import dev.lightbulb.model.io.GgufValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corrupt shapes and metadata that once crashed or were silently accepted, each now one clear error naming the
 * file and the field: checked before anything is allocated from them.
 */
class ModelValidationTest {
    @TempDir
    Path tmp;

    private String failure(Consumer<Map<String, GgufValue>> edit) {
        Path file = BundledVariants.withMetadata(tmp.resolve("bad.gguf"), edit);
        try (CpuBackend backend = new CpuBackend()) {
            LightbulbException e = assertThrows(LightbulbException.class, () -> LoadedModel.open(file, null, backend, null).close());
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            return e.getMessage();
        }
    }

    @Test
    void aHeadCountOfZero() {
        String m = failure(g -> g.put("llama.attention.head_count", GgufValue.uint32(0)));
        assertTrue(m.endsWith("llama.attention.head_count is 0, expected a positive number"), m);
        m = failure(g -> g.put("llama.attention.head_count_kv", GgufValue.uint32(3)));
        assertTrue(m.endsWith("llama.attention.head_count 8 is not a multiple of llama.attention.head_count_kv 3"), m);
    }

    /** A block count near 2^31 (or a huge width) is checked against what the file can hold before any allocation. */
    @Test
    void shapesTheFileCannotHold() {
        String m = failure(g -> g.put("llama.block_count", GgufValue.uint32(Integer.MAX_VALUE)));
        assertTrue(m.contains("2147483647 blocks") && m.contains("more than the 1185376 bytes of its weights can hold"), m);
        m = failure(g -> g.put("llama.attention.key_length", GgufValue.uint32(1 << 30)));
        assertTrue(m.contains("8 heads of 1073741824") && m.contains("the metadata does not describe this file"), m);
        m = failure(g -> g.put("llama.block_count", GgufValue.uint32(6)));     // plausible, but the file has 5 blocks
        assertTrue(m.endsWith("tensor 'blk.5.attn_norm.weight' is missing"), m);
    }

    @Test
    void normEpsilonAndRope() {
        for (float eps : new float[] {Float.NaN, -1e-5f, 0, Float.POSITIVE_INFINITY, 2}) {
            String m = failure(g -> g.put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(eps)));
            assertTrue(m.endsWith("llama.attention.layer_norm_rms_epsilon is " + eps + ", expected a small positive number such as 1e-5"), m);
        }
        String m = failure(g -> g.put("llama.rope.dimension_count", GgufValue.uint32(7)));
        assertTrue(m.endsWith("llama.rope.dimension_count is 7, expected an even number of at most the head width 8"), m);
        m = failure(g -> g.put("llama.rope.freq_base", GgufValue.float32(Float.NaN)));
        assertTrue(m.endsWith("llama.rope.freq_base is NaN, expected a finite number above 0"), m);
        m = failure(g -> g.put("llama.context_length", GgufValue.uint32(0)));
        assertTrue(m.endsWith("llama.context_length is 0, expected a positive number"), m);
    }

    @Test
    void specialTokensOutsideTheVocabulary() {
        String m = failure(g -> g.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(512)));
        assertTrue(m.endsWith("tokenizer.ggml.eos_token_id is 512, outside the vocabulary of 512 tokens"), m);
        m = failure(g -> g.put("tokenizer.ggml.bos_token_id", GgufValue.int32(-2)));
        assertTrue(m.endsWith("tokenizer.ggml.bos_token_id is -2, outside the vocabulary of 512 tokens"), m);
        m = failure(g -> {
            String[] tokens = (String[]) ((GgufArray) g.get("tokenizer.ggml.tokens").value()).values();
            g.put("tokenizer.ggml.tokens", GgufValue.array(GgufValueType.STRING, Arrays.copyOf(tokens, 300)));
            g.remove("tokenizer.ggml.scores");
            g.remove("tokenizer.ggml.token_type");
        });
        assertTrue(m.endsWith("tokenizer.ggml.tokens has 300 tokens but the model's vocabulary (token_embd.weight, vocab_size) has 512"), m);
    }

    @Test
    void aVocabOnlyGgufIsNoModel() {
        Path vocab = tmp.resolve("vocab.gguf");
        try (var f = dev.lightbulb.model.io.GgufFile.open(dev.lightbulb.model.io.BundledModels.stories260K())) {
            new dev.lightbulb.model.io.GgufWriter().putAll(f.typedMetadata()).write(vocab);
        }
        try (CpuBackend backend = new CpuBackend()) {
            LightbulbException e = assertThrows(LightbulbException.class, () -> LoadedModel.open(vocab, null, backend, null));
            assertTrue(e.getMessage().endsWith("vocab.gguf: has no tensors: a vocab-only GGUF holds a tokenizer, not a model"), e.getMessage());
        }
    }

    /** A value from the file is quoted as a short escaped excerpt, never as the kilobytes of binary it holds. */
    @Test
    void binaryValuesAreQuotedShortAndEscaped() {
        byte[] binary = new byte[10_000];
        new Random(3).nextBytes(binary);
        binary[0] = 0x1b;                      // an escape character first: it must not reach the terminal
        String garbage = new String(binary, StandardCharsets.ISO_8859_1);
        String m = failure(g -> g.put("general.architecture", GgufValue.string(garbage)));
        assertTrue(m.length() < 300, m);
        assertTrue(m.contains("general.architecture '\\x1b") && m.contains("... (10000 characters) is not supported"), m);
        assertTrue(m.chars().noneMatch(Character::isISOControl), m);
    }

    /** --context far beyond what memory holds: one line before anything is allocated, not an OutOfMemoryError. */
    @Test
    void aContextTheMachineCannotHold() {
        CliRun.Result r = CliRun.run("run", "--context", "10000000", "--games", "taboo", "--limit-instances", "1",
                "--out", tmp.resolve("results").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("lightbulb: a context of 10000000 positions needs 11.92 GiB of KV cache for one sequence"), r.err());
        assertTrue(r.err().strip().endsWith("use a smaller --context"), r.err());
    }

    @Test
    void huggingFaceConfigValues(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "llama", "hidden_size": 64, "intermediate_size": 172, "num_hidden_layers": 5,
                 "num_attention_heads": 8, "num_key_value_heads": 4, "vocab_size": 512, "rms_norm_eps": -1e-5}""");
        Files.write(dir.resolve("model.safetensors"), new byte[1 << 20]);
        try (CpuBackend backend = new CpuBackend()) {
            LightbulbException e = assertThrows(LightbulbException.class, () -> LoadedModel.open(dir, null, backend, null));
            assertTrue(e.getMessage().endsWith("config.json: rms_norm_eps is -1.0E-5, expected a small positive number such as 1e-5"), e.getMessage());
            Files.writeString(dir.resolve("config.json"), """
                    {"model_type": "llama", "hidden_size": 64, "intermediate_size": 172, "num_hidden_layers": 2147483647,
                     "num_attention_heads": 8, "num_key_value_heads": 4, "vocab_size": 512}""");
            e = assertThrows(LightbulbException.class, () -> LoadedModel.open(dir, null, backend, null));
            assertTrue(e.getMessage().contains("2147483647 blocks") && e.getMessage().contains("the metadata does not describe this file"), e.getMessage());
        }
    }
}
