package dev.lightbulb.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.CliRun;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.model.CausalLm;
import dev.lightbulb.model.ForwardBatch;
import dev.lightbulb.model.GgufWeights;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.model.LoraAdapter;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.PagedKvCache;
import dev.lightbulb.model.PeftLayout;
import dev.lightbulb.model.io.BundledModels;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.model.io.SafetensorsFile;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An adapter from finetune, applied unmerged at inference from either of its two files (llama.cpp GGUF, PEFT), computes
 * what the training forward computes with it, and what the merged model computes.
 */
class LoraInferenceTest {
    static final int[] TOKENS = {1, 45, 67, 89, 120, 7, 300, 2, 99};
    static final LoraConfig LORA = new LoraConfig(4, 8, EnumSet.allOf(LoraTarget.class), 5);

    @TempDir
    static Path trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void finetune() {
        try (Backend cpu = Backends.create("cpu")) {
            new Finetuner(new FinetuneSettings(BundledModels.stories260K(), FinetunerTest.EXAMPLE, trained, LORA, 6, 1e-2, 1, 512, 512,
                    0f, 1.0, 0, 6, false), cpu).run(s -> { });
        }
    }

    /** Logits of every position of {@link #TOKENS} through the inference model (KV cache, engine path). */
    private static float[] inferenceLogits(Path lora) {
        try (Backend cpu = Backends.create("cpu"); LoadedModel m = LoadedModel.open(BundledModels.stories260K(), null, cpu, null, lora)) {
            return logits(m.model());
        }
    }

    private static float[] logits(CausalLm model) {
        try (PagedKvCache cache = model.newKvCache(16, 4)) {
            ForwardBatch batch = new ForwardBatch();
            for (int i = 0; i < TOKENS.length; i++) batch.add(0, i, TOKENS[i], true);
            return model.forwardToHost(batch, cache);
        }
    }

    /** The training forward's logits with the adapter's trained values loaded from the GGUF adapter. */
    private static float[] trainingLogits() {
        Path adapter = trained.resolve(TrainingResults.ADAPTER);
        try (Backend cpu = Backends.create("cpu"); GgufFile b = GgufFile.open(BundledModels.stories260K()); GgufFile a = GgufFile.open(adapter);
             TrainableModel m = TrainableModel.lora(ModelConfig.fromGguf(b), new GgufWeights(b), cpu, LORA)) {
            for (Parameter p : m.parameters()) {
                GgufTensorInfo t = a.tensorInfo(p.name());
                float[] v = new HostTensor(t.name(), t.type(), t.shape(), a.tensorData(t)).toFloatArray();
                cpu.writeFloats(p.value(), 0, v, 0, v.length);
            }
            return m.logits(TrainingBatch.pack(new int[][]{TOKENS}, null));
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        assertTrue(maxDiff < 1e-4 * Math.max(1, maxAbs), what + ": max difference " + maxDiff + " (logits up to " + maxAbs + ")");
    }

    @Test
    void theUnmergedAdapterComputesWhatTrainingAndMergingCompute() {
        float[] gguf = inferenceLogits(trained.resolve(TrainingResults.ADAPTER)), peft = inferenceLogits(trained);
        float[] base = inferenceLogits(null);
        assertClose(trainingLogits(), gguf, "GGUF adapter vs the training forward");
        assertClose(gguf, peft, "PEFT folder vs GGUF adapter");
        assertTrue(java.util.stream.IntStream.range(0, base.length).anyMatch(i -> Math.abs(base[i] - gguf[i]) > 1e-3), "the adapter changes the logits");
        Path merged = dir.resolve("merged.gguf");
        assertEquals(0, CliRun.run("merge", "--lora", trained.resolve(TrainingResults.ADAPTER).toString(), "--out", merged.toString()).code());
        try (Backend cpu = Backends.create("cpu"); LoadedModel m = LoadedModel.open(merged, null, cpu)) {
            assertClose(gguf, logits(m.model()), "merged model vs unmerged adapter");
        }
    }

    /**
     * The PEFT adapter belongs to the Hugging Face layout of the model: stories260K converted the way llama.cpp's
     * converter undoes (Q and K rows half-split per head, RoPE over halves), with the PEFT folder read for that
     * layout, computes what the GGUF model with the GGUF adapter computes.
     */
    @Test
    void thePeftAdapterFitsTheHuggingFaceLayoutOfTheModel() {
        try (Backend cpu = Backends.create("cpu"); GgufFile b = GgufFile.open(BundledModels.stories260K())) {
            ModelConfig gguf = ModelConfig.fromGguf(b);
            ModelConfig hf = new ModelConfig(gguf.architecture(), gguf.dim(), gguf.layers(), gguf.heads(), gguf.kvHeads(), gguf.headDim(),
                    gguf.hiddenDim(), gguf.vocabSize(), gguf.contextLength(), gguf.rmsEps(),
                    new dev.lightbulb.backend.RopeSpec(dev.lightbulb.backend.RopeLayout.NEOX, gguf.rope().rotaryDim(), gguf.rope().inverseFrequencies()),
                    gguf.qkvBias(), gguf.slidingWindow());
            GgufWeights weights = new GgufWeights(b);
            dev.lightbulb.model.WeightSource halfSplit = new dev.lightbulb.model.WeightSource() {
                @Override public String origin() { return "stories260K in Hugging Face's layout"; }
                @Override public boolean has(String name) { return weights.has(name); }
                @Override public HostTensor tensor(String name) {
                    HostTensor t = weights.tensor(name);
                    int heads = name.endsWith(".attn_q.weight") ? gguf.heads() : name.endsWith(".attn_k.weight") ? gguf.kvHeads() : 0;
                    if (heads == 0) return t;
                    // llama.cpp's converter: gguf = hf.reshape(heads, 2, d/2, k).swapaxes(1, 2); here the inverse
                    int k = (int) t.shape()[0], d = gguf.headDim();
                    float[] in = t.toFloatArray(), out = new float[in.length];
                    for (int h = 0; h < heads; h++)
                        for (int half = 0; half < 2; half++)
                            for (int i = 0; i < d / 2; i++)
                                System.arraycopy(in, (h * d + i * 2 + half) * k, out, (h * d + half * d / 2 + i) * k, k);
                    return HostTensor.ofFloats(name, out, t.shape());
                }
            };
            float[] ggufBase, hfBase, ggufAdapted, hfAdapted;
            try (CausalLm m = dev.lightbulb.model.Architectures.load(gguf, weights, cpu)) { ggufBase = logits(m); }
            try (CausalLm m = dev.lightbulb.model.Architectures.load(hf, halfSplit, cpu)) { hfBase = logits(m); }
            assertClose(ggufBase, hfBase, "the two layouts of the base");
            try (CausalLm m = dev.lightbulb.model.Architectures.load(gguf, weights, cpu,
                    LoraAdapter.read(trained.resolve(TrainingResults.ADAPTER), gguf))) { ggufAdapted = logits(m); }
            try (CausalLm m = dev.lightbulb.model.Architectures.load(hf, halfSplit, cpu, LoraAdapter.read(trained, hf))) { hfAdapted = logits(m); }
            assertClose(ggufAdapted, hfAdapted, "GGUF + llama.cpp adapter vs Hugging Face layout + PEFT adapter");
        }
    }

    @Test
    void anAdapterWithZeroBLeavesTheLogitsBitIdentical() {
        try (Backend cpu = Backends.create("cpu"); GgufFile b = GgufFile.open(BundledModels.stories260K())) {
            ModelConfig c = ModelConfig.fromGguf(b);
            LoraAdapter read = LoraAdapter.read(trained.resolve(TrainingResults.ADAPTER), c);
            Map<String, LoraAdapter.Pair> zero = new LinkedHashMap<>();
            read.pairs().forEach((w, p) -> zero.put(w, new LoraAdapter.Pair(p.a(), new float[p.b().length], p.in(), p.out())));
            LoraAdapter fresh = new LoraAdapter("zero", "00", read.alpha(), read.rank(), zero);
            float[] base, adapted;
            try (CausalLm m = dev.lightbulb.model.Architectures.load(c, new GgufWeights(b), cpu)) { base = logits(m); }
            try (CausalLm m = dev.lightbulb.model.Architectures.load(c, new GgufWeights(b), cpu, fresh)) { adapted = logits(m); }
            assertArrayEquals(base, adapted);
        }
    }

    @Test
    void thePeftFolderHasPeftsNamesShapesAndConfig() throws IOException {
        JsonNode config = new ObjectMapper().readTree(trained.resolve(PeftLayout.CONFIG).toFile());
        assertEquals("LORA", config.get("peft_type").asText());
        assertEquals(4, config.get("r").asInt());
        assertEquals(8.0, config.get("lora_alpha").asDouble());
        List<String> modules = new java.util.ArrayList<>();
        config.get("target_modules").forEach(n -> modules.add(n.asText()));
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head"), modules);
        try (SafetensorsFile f = SafetensorsFile.open(trained.resolve(PeftLayout.TENSORS)); GgufFile base = GgufFile.open(BundledModels.stories260K())) {
            assertEquals(2 * (7 * base.getInt("llama.block_count") + 1), f.tensors().size());
            SafetensorsFile.TensorInfo a = f.tensors().stream().filter(t -> t.name().equals("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")).findFirst().orElseThrow();
            SafetensorsFile.TensorInfo b = f.tensors().stream().filter(t -> t.name().equals("base_model.model.model.layers.4.mlp.down_proj.lora_B.weight")).findFirst().orElseThrow();
            SafetensorsFile.TensorInfo head = f.tensors().stream().filter(t -> t.name().equals("base_model.model.lm_head.lora_B.weight")).findFirst().orElseThrow();
            assertArrayEquals(new long[]{4, 64}, a.shape(), "PyTorch's [r, in_features]");
            assertArrayEquals(new long[]{64, 4}, b.shape(), "[out_features, r]");
            assertArrayEquals(new long[]{512, 4}, head.shape());
            assertEquals("F32", a.dtype());
        }
    }

    @Test
    void aBadAdapterIsRefusedWithItsReason() throws IOException {
        Path notAdapter = BundledModels.stories260K();
        LightbulbException e = assertThrows(LightbulbException.class, () -> inferenceLogits(notAdapter));
        assertTrue(e.getMessage().contains("not a LoRA adapter"), e.getMessage());

        Path peft = dir.resolve("peft");
        Files.createDirectories(peft);
        Files.copy(trained.resolve(PeftLayout.TENSORS), peft.resolve(PeftLayout.TENSORS));
        Files.writeString(peft.resolve(PeftLayout.CONFIG), Files.readString(trained.resolve(PeftLayout.CONFIG)).replace("\"r\" : 4", "\"r\" : 8"));
        e = assertThrows(LightbulbException.class, () -> inferenceLogits(peft));
        assertTrue(e.getMessage().contains("r is 8 but the tensors have rank 4"), e.getMessage());

        Files.delete(peft.resolve(PeftLayout.CONFIG));
        e = assertThrows(LightbulbException.class, () -> inferenceLogits(peft));
        assertTrue(e.getMessage().contains(PeftLayout.CONFIG), e.getMessage());

        CliRun.Result r = CliRun.run("generate", "--lora", dir.resolve("missing.gguf").toString(), "--prompt", "Once", "--max-tokens", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("missing.gguf"), r.err());
    }

    @Test
    void generateAndRunTakeTheAdapterAndRunRecordsIt() throws IOException {
        Path adapter = trained.resolve(TrainingResults.ADAPTER);
        CliRun.Result base = CliRun.run("generate", "--prompt", "user: What did Tom have?\nassistant:", "--max-tokens", "12");
        CliRun.Result tuned = CliRun.run("generate", "--lora", adapter.toString(), "--prompt", "user: What did Tom have?\nassistant:", "--max-tokens", "12");
        assertEquals(0, tuned.code(), tuned.err());
        assertNotEquals(base.out(), tuned.out());

        Path out = dir.resolve("results");
        CliRun.Result r = CliRun.run("run", "--games", "taboo", "--limit-instances", "1", "--max-tokens", "8", "--lora", adapter.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String sha = dev.lightbulb.InputFiles.sha256("--lora", adapter);
        try (var files = Files.walk(out)) {
            Path interactions = files.filter(p -> p.getFileName().toString().equals("interactions.json")).findFirst().orElseThrow();
            String text = Files.readString(interactions);
            assertTrue(text.contains("\"adapter\" : \"" + sha + "\""), "the episode names the adapter's sha256");
        }
        r = CliRun.run("run", "--games", "taboo", "--limit-instances", "1", "--max-tokens", "8", "--out", out.toString());
        assertEquals(2, r.code(), "the same folder without the adapter is another run");
        assertTrue(r.err().contains("adapter"), r.err());
    }
}
