package dev.lightbulb.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.SharedData;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufValue;
import dev.lightbulb.model.io.GgufWriter;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * GGUF metadata paths that no shared file exercises, checked by rewriting stories260K-f32.gguf: as a "qwen2" file
 * (half-split RoPE, Q/K rows in HF order, QKV bias tensors) and with rope scaling metadata.
 */
class Qwen2GgufTest {

    /** Copies the file's metadata (llama.* keys renamed to arch.*) and tensors through {@code edit}. */
    static void rewrite(Path src, Path dst, String arch, java.util.function.BiFunction<String, HostTensor, HostTensor> edit,
                                java.util.function.Consumer<GgufWriter> extra) {
        try (GgufFile f = GgufFile.open(src)) {
            GgufWriter w = new GgufWriter();
            for (Map.Entry<String, GgufValue> e : f.typedMetadata().entrySet()) {
                String key = e.getKey().startsWith("llama.") ? arch + e.getKey().substring(5) : e.getKey();
                w.put(key, e.getValue());
            }
            w.putString("general.architecture", arch);
            for (var info : f.tensors()) w.addTensor(edit.apply(info.name(), f.tensor(info.name())));
            extra.accept(w);
            w.write(dst);
        }
    }

    @Test
    void qwen2FileWithHfOrderedQkAndZeroBiasGivesRunCsIds(@TempDir Path dir) {
        JsonNode ref = ReferenceOutputs.read("stories260K_greedy_once.json");
        int[] expected = Arrays.copyOf(ReferenceOutputs.ints(ref.get("generated_ids")), 80);
        Path out = dir.resolve("qwen2.gguf");
        int heads = 8, kvHeads = 4, headDim = 8, dim = 64;
        rewrite(SharedData.path("models/tinystories/stories260K-f32.gguf"), out, "qwen2", (name, t) -> {
            if (name.endsWith("attn_q.weight")) return HostTensor.ofFloats(name, HfWeightsTest.permuteForHf(t.toFloatArray(), heads, headDim, dim), t.shape());
            if (name.endsWith("attn_k.weight")) return HostTensor.ofFloats(name, HfWeightsTest.permuteForHf(t.toFloatArray(), kvHeads, headDim, dim), t.shape());
            return t;
        }, w -> {
            for (int l = 0; l < 5; l++) {
                w.addTensor(HostTensor.ofFloats("blk." + l + ".attn_q.bias", new float[heads * headDim], heads * headDim));
                w.addTensor(HostTensor.ofFloats("blk." + l + ".attn_k.bias", new float[kvHeads * headDim], kvHeads * headDim));
                w.addTensor(HostTensor.ofFloats("blk." + l + ".attn_v.bias", new float[kvHeads * headDim], kvHeads * headDim));
            }
        });
        try (GgufFile f = GgufFile.open(out)) {
            ModelConfig c = ModelConfig.fromGguf(f);
            assertEquals(RopeLayout.NEOX, c.rope().layout());
            assertTrue(c.qkvBias());
            try (LlamaModel m = LlamaModel.load(c, new GgufWeights(f), new CpuBackend())) {
                assertEquals(GgmlType.F32, m.weightTypes().get("blk.4.attn_v.bias"));
                Generation g = Generator.generate(m, ReferenceOutputs.ints(ref.get("prompt_ids")), expected.length, SamplingParams.GREEDY, t -> false);
                assertArrayEquals(expected, g.generatedIds());
            }
        }
    }

    @Test
    void ropeScalingMetadataDividesTheFrequencies(@TempDir Path dir) {
        Path out = dir.resolve("scaled.gguf");
        float[] factors = {1f, 2f, 4f, 8f};
        rewrite(SharedData.path("models/tinystories/stories260K-f32.gguf"), out, "llama", (name, t) -> t, w -> {
            w.putString("llama.rope.scaling.type", "linear");
            w.putFloat32("llama.rope.scaling.factor", 2f);
            w.putFloat32("llama.rope.freq_base", 500000f);
            w.addTensor(HostTensor.ofFloats("rope_freqs.weight", factors, 4));
        });
        try (GgufFile f = GgufFile.open(out)) {
            float[] inv = ModelConfig.fromGguf(f).rope().inverseFrequencies();
            for (int i = 0; i < 4; i++) {
                double expected = Math.pow(500000, -2.0 * i / 8) / 2 / factors[i];
                assertEquals(expected, inv[i], expected * 1e-6, "pair " + i);
            }
        }
    }
}
