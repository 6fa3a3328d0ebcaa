package dev.lightbulb.model.io;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.SharedData;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GgufFileTest {

    private static Path model(String name) {
        return SharedData.path("models/tinystories/" + name);
    }

    @Test
    void readsStories260KMetadataAndTensorTable() {
        try (GgufFile f = GgufFile.open(model("stories260K-f32.gguf"))) {
            assertEquals(3, f.version());
            assertEquals("llama", f.getString("general.architecture"));
            assertEquals(512, f.getInt("llama.context_length"));
            assertEquals(64, f.getInt("llama.embedding_length"));
            assertEquals(5, f.getInt("llama.block_count"));
            assertEquals(172, f.getInt("llama.feed_forward_length"));
            assertEquals(8, f.getInt("llama.attention.head_count"));
            assertEquals(4, f.getInt("llama.attention.head_count_kv"));
            assertEquals(1e-5f, f.getFloat("llama.attention.layer_norm_rms_epsilon"));
            assertEquals("llama", f.getString("tokenizer.ggml.model"));
            String[] tokens = f.getStringArray("tokenizer.ggml.tokens");
            assertEquals(512, tokens.length);
            assertEquals(512, f.getFloatArray("tokenizer.ggml.scores").length);
            assertEquals(512, f.getIntArray("tokenizer.ggml.token_type").length);
            assertEquals(1, f.getInt("tokenizer.ggml.bos_token_id"));
            assertEquals(2, f.getInt("tokenizer.ggml.eos_token_id"));
            assertInstanceOf(String[].class, f.metadata().get("tokenizer.ggml.tokens"));

            assertEquals(48, f.tensors().size());
            GgufTensorInfo emb = f.tensorInfo("token_embd.weight");
            assertArrayEquals(new long[]{64, 512}, emb.shape());
            assertEquals(GgmlType.F32, emb.type());
            HostTensor down = f.tensor("blk.0.ffn_down.weight");
            assertArrayEquals(new long[]{172, 64}, down.shape());
            assertEquals(64, down.rows());
            assertEquals(172, down.rowLength());
            float[] all = down.toFloatArray();
            float[] row = new float[172];
            down.dequantizeRow(3, row, 0);
            for (int i = 0; i < 172; i++) assertEquals(all[3 * 172 + i], row[i]);
        }
    }

    @Test
    void typedGettersExplainWrongTypesAndMissingKeys() {
        try (GgufFile f = GgufFile.open(model("stories260K-f32.gguf"))) {
            LightbulbException e = assertThrows(LightbulbException.class, () -> f.getInt("general.architecture"));
            assertTrue(e.getMessage().contains("general.architecture") && e.getMessage().contains("STRING"), e.getMessage());
            e = assertThrows(LightbulbException.class, () -> f.getString("no.such.key"));
            assertTrue(e.getMessage().contains("no.such.key") && e.getMessage().contains("stories260K-f32.gguf"), e.getMessage());
            assertEquals("x", f.optString("no.such.key", "x"));
            assertEquals(7, f.optInt("no.such.key", 7));
        }
    }

    @Test
    void q5_0FallbackTensorsOfLlamaCppsQ4_K_MFileLoadAsTheCodecDecodesThem() {
        try (GgufFile f = GgufFile.open(model("stories260K-q4_k_m.gguf"))) {
            List<GgufTensorInfo> q5 = f.tensors().stream().filter(t -> t.type() == GgmlType.Q5_0).toList();
            assertEquals(29, q5.size());
            GgufTensorInfo info = q5.getFirst();
            float[] values = f.tensor(info.name()).toFloatArray();
            float[] expected = new float[values.length];
            dev.lightbulb.tensor.BlockCodec.of(GgmlType.Q5_0).dequantize(f.tensorData(info), 0, expected, 0, expected.length);
            assertArrayEquals(expected, values, info.name());
            assertEquals(GgmlType.Q8_0, f.tensor("output.weight").type());
        }
    }

    @Test
    void tensorsOfTypesLightbulbCannotComputeWithAreListedButNotLoaded(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path file = dir.resolve("q5_1.gguf");
        GgmlType q5_1 = GgmlType.Q5_1;
        new GgufWriter().addRawTensor("w", q5_1, new long[] {32, 2}, java.lang.foreign.Arena.ofAuto().allocate(q5_1.bytesFor(64))).write(file);
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(q5_1, f.tensorInfo("w").type());
            LightbulbException e = assertThrows(LightbulbException.class, () -> f.tensor("w"));
            assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("Q5_1") && e.getMessage().contains("q5_1.gguf"), e.getMessage());
        }
    }

    @Test
    void readsF16MatricesOfTheRandomLlama() {
        try (GgufFile f = GgufFile.open(SharedData.path("models/misc/llama-2-tiny-random.gguf"))) {
            assertEquals(32000, f.getStringArray("tokenizer.ggml.tokens").length);
            long f16 = f.tensors().stream().filter(t -> t.type() == GgmlType.F16).count();
            assertTrue(f16 > 0);
            for (GgufTensorInfo t : f.tensors()) {
                float[] v = f.tensor(t.name()).toFloatArray();
                for (float x : v) assertTrue(Float.isFinite(x), t.name());
            }
        }
    }
}
