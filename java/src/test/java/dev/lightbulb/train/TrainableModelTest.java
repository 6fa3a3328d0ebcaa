package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.engine.RandomWeights;
import dev.lightbulb.model.ForwardBatch;
import dev.lightbulb.model.LlamaModel;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.PagedKvCache;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.model.WeightSource;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole-model gradient check: {@link TrainableModel}'s float32 gradients of every parameter group against
 * central differences of the float64 {@link ScalarTrainingModel} loss, for full finetuning and for LoRA, on tiny
 * random models (llama with grouped KV heads and adjacent-pair RoPE, untied; qwen2 with Q/K/V biases, half-split
 * RoPE and a tied output), over three packed documents with masked rows.
 */
class TrainableModelTest {

    static ModelConfig llama() {
        return RandomWeights.llama(16, 2, 4, 2, 24, 40, 32);
    }

    static ModelConfig qwen2() {
        return new ModelConfig("qwen2", 16, 2, 4, 2, 4, 24, 40, 32, 1e-6f, RopeSpec.standard(RopeLayout.NEOX, 4, 10000), true, 0);
    }

    /** {@code source} without its output projection: the model ties it to the embedding. */
    record Tied(WeightSource source) implements WeightSource {
        @Override public String origin() { return source.origin() + ", tied"; }

        @Override public boolean has(String name) { return !name.equals(TensorNames.OUTPUT) && source.has(name); }

        @Override public HostTensor tensor(String name) { return source.tensor(name); }
    }

    /** {@code source} with one tensor replaced (e.g. by a quantised copy). */
    record Replaced(WeightSource source, HostTensor replacement) implements WeightSource {
        @Override public String origin() { return source.origin(); }

        @Override public boolean has(String name) { return source.has(name); }

        @Override public HostTensor tensor(String name) { return name.equals(replacement.name()) ? replacement : source.tensor(name); }
    }

    /** {@code source} with {@code name} quantised to Q8_0. */
    static WeightSource withQ8_0(WeightSource source, String name) {
        HostTensor t = source.tensor(name);
        return new Replaced(source, HostTensor.quantize(name, GgmlType.Q8_0, t.toFloatArray(), t.shape()));
    }

    /** Three documents (6, 3 and 4 tokens); the second learns only its last token, the third nothing from its first two. */
    static TrainingBatch batch() {
        int[][] docs = {{1, 7, 22, 3, 39, 5}, {1, 30, 8}, {2, 11, 11, 17}};
        boolean[][] learn = {{true, true, true, true, true, true}, {false, false, true}, {false, false, true, true}};
        return TrainingBatch.pack(docs, learn);
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static float[] read(CpuBackend cpu, Parameter p, boolean grad) {
        float[] f = new float[Math.toIntExact(p.size())];
        cpu.readFloats(grad ? p.grad() : p.value(), 0, f, 0, f.length);
        return f;
    }

    /**
     * Every parameter's gradient (16 elements of each, half of them among its large ones) against central differences
     * of the float64 loss at the same parameter values, within 1e-3 of the tensor's largest gradient.
     */
    private static void assertGradientsMatch(TrainableModel m, CpuBackend cpu, Map<String, double[]> reference, double loraScale, String what) {
        TrainingBatch batch = batch();
        double scale = 1.0 / batch.lossTokens();
        m.zeroGradients();
        TrainableModel.Loss loss = m.forwardBackward(batch, (float) scale);
        ScalarTrainingModel exact = new ScalarTrainingModel(m.config(), reference, loraScale);
        assertEquals(exact.loss(batch, scale), loss.mean(), 1e-5, what + " loss");
        SplittableRandom pick = new SplittableRandom(5);
        for (Parameter p : m.parameters()) {
            float[] grad = read(cpu, p, true);
            double[] values = reference.get(p.name());
            double largest = 0;   // the tensor's largest gradient sets the scale of the tolerance
            for (float g : grad) largest = Math.max(largest, Math.abs(g));
            assertTrue(largest > 0, what + " " + p.name() + ": no gradient at all");
            // 8 elements at random and 8 among those with a large gradient (an embedding's unused rows have none)
            double large = largest / 10;
            int[] big = java.util.stream.IntStream.range(0, grad.length).filter(i -> Math.abs(grad[i]) >= large).toArray();
            int[] elements = java.util.stream.IntStream.concat(pick.ints(8, 0, values.length), pick.ints(8, 0, big.length).map(j -> big[j])).toArray();
            for (int i : elements) {
                double keep = values[i], h = 1e-4;
                values[i] = keep + h;
                double up = exact.loss(batch, scale);
                values[i] = keep - h;
                double down = exact.loss(batch, scale);
                values[i] = keep;
                assertEquals((up - down) / (2 * h), grad[i], 1e-3 * largest, what + " " + p.name() + "[" + i + "]");
            }
        }
    }

    private static Map<String, double[]> parameterValues(TrainableModel m, CpuBackend cpu) {
        Map<String, double[]> values = new HashMap<>();
        for (Parameter p : m.parameters()) values.put(p.name(), doubles(read(cpu, p, false)));
        return values;
    }

    @Test
    void fullFinetuningGradientsOfEveryWeight() {
        CpuBackend cpu = new CpuBackend();
        for (ModelConfig c : List.of(llama(), qwen2())) {
            WeightSource w = c.qkvBias() ? new Tied(new RandomWeights(c, 11)) : new RandomWeights(c, 11);
            try (TrainableModel m = TrainableModel.full(c, w, cpu)) {
                Map<String, double[]> values = parameterValues(m, cpu);
                assertEquals(c.qkvBias(), values.containsKey("blk.1.attn_k.bias"));
                assertEquals(c.qkvBias(), !values.containsKey(TensorNames.OUTPUT), "qwen2 case is tied");
                assertGradientsMatch(m, cpu, values, 0, c.architecture() + " full");
            }
        }
    }

    @Test
    void loraGradientsOfEveryAdapter() {
        CpuBackend cpu = new CpuBackend();
        for (ModelConfig c : List.of(llama(), qwen2())) {
            WeightSource w = new RandomWeights(c, 12);
            LoraConfig lora = new LoraConfig(3, 6, java.util.EnumSet.allOf(LoraTarget.class), 99);
            try (TrainableModel m = TrainableModel.lora(c, w, cpu, lora)) {
                assertEquals(2 * 7 * c.layers() + 2, m.parameters().size(), "A and B on seven projections of every block and the output (tied in qwen2)");
                // B starts at zero; make it random so that A's gradient is not zero too
                SplittableRandom r = new SplittableRandom(3);
                for (Parameter p : m.parameters()) {
                    if (!p.name().endsWith(".lora_b")) continue;
                    float[] b = new float[Math.toIntExact(p.size())];
                    for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextDouble() - 0.5);
                    cpu.writeFloats(p.value(), 0, b, 0, b.length);
                }
                Map<String, double[]> values = parameterValues(m, cpu);
                for (String name : TensorNames.shapes(c).keySet()) values.put(name, doubles(w.tensor(name).toFloatArray()));
                assertGradientsMatch(m, cpu, values, lora.scale(), c.architecture() + " lora");
            }
        }
    }

    @Test
    void aFreshAdapterLeavesTheModelAsItWasAndTrainsOnlyB() {
        CpuBackend cpu = new CpuBackend();
        ModelConfig c = RandomWeights.llama(32, 2, 4, 2, 64, 40, 32);   // rows of 32 and 64: Q8_0 blocks fit
        WeightSource w = withQ8_0(new RandomWeights(c, 4), "blk.0.ffn_down.weight");   // adapters sit over any stored type
        TrainingBatch batch = batch();
        try (TrainableModel lora = TrainableModel.lora(c, w, cpu, new LoraConfig(2, 16, LoraConfig.allTargets(), 1));
             LlamaModel base = LlamaModel.load(c, w, cpu); PagedKvCache cache = base.newKvCache(16, 1)) {
            float[] adapted = lora.logits(batch);
            // the training forward of the base model is the inference forward (same ops; attention summed the same way)
            ForwardBatch first = new ForwardBatch();
            for (int p = 0; p < 6; p++) first.add(0, p, batch.tokens()[p], true);
            float[] inference = base.forwardToHost(first, cache);
            for (int i = 0; i < inference.length; i++) assertEquals(inference[i], adapted[i], 1e-5, "logit " + i);
            lora.zeroGradients();
            lora.forwardBackward(batch, 1f / batch.lossTokens());
            for (Parameter p : lora.parameters()) {
                double norm = cpu.trainingOps().sumOfSquares(p.grad(), p.size());
                if (p.name().endsWith(".lora_a")) assertEquals(0, norm, 0, p.name() + ": B = 0 blocks A's gradient");
                else assertTrue(norm > 0, p.name() + " learns");
            }
        }
    }

    @Test
    void aStepIsBitIdenticalWhateverTheThreadCount() throws Exception {
        ModelConfig c = RandomWeights.llama(64, 2, 4, 2, 160, 300, 64);
        int[] doc = new int[60];
        for (int i = 0; i < doc.length; i++) doc[i] = (i * 37 + 1) % c.vocabSize();
        TrainingBatch batch = TrainingBatch.pack(new int[][] {doc, doc}, null);
        float[][] reference = null;
        for (int threads : new int[] {1, 3}) {
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
            try {
                float[][] grads = pool.submit(() -> {
                    CpuBackend cpu = new CpuBackend();
                    try (TrainableModel m = TrainableModel.full(c, new RandomWeights(c, 8), cpu)) {
                        m.zeroGradients();
                        m.forwardBackward(batch, 1f / batch.lossTokens());
                        return m.parameters().stream().map(p -> read(cpu, p, true)).toArray(float[][]::new);
                    }
                }).get();
                if (reference == null) reference = grads;
                else for (int i = 0; i < grads.length; i++) assertArrayEquals(reference[i], grads[i], 0f, "gradient " + i);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void badSetupsAreClearErrors() {
        CpuBackend cpu = new CpuBackend();
        ModelConfig c = RandomWeights.llama(32, 2, 4, 2, 64, 40, 32);
        WeightSource quantised = withQ8_0(new RandomWeights(c, 4), "blk.1.attn_q.weight");
        LightbulbException e = assertThrows(LightbulbException.class, () -> TrainableModel.full(c, quantised, cpu));
        assertTrue(e.getMessage().contains("'blk.1.attn_q.weight' is Q8_0") && e.getMessage().contains("--lora"), e.getMessage());
        e = assertThrows(LightbulbException.class, () -> TrainableModel.lora(c, quantised, cpu, new LoraConfig(17, 1, LoraConfig.allTargets(), 0)));
        assertEquals("--lora-rank 17 is larger than the k projection allows (32 x 16)", e.getMessage());
        e = assertThrows(LightbulbException.class, () -> LoraTarget.parse("q,x"));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("q, k, v, o, gate, up, down"), e.getMessage());
        assertEquals(java.util.EnumSet.of(LoraTarget.Q, LoraTarget.DOWN), LoraTarget.parse("down, Q"));
        try (TrainableModel m = TrainableModel.lora(c, quantised, cpu, new LoraConfig(2, 4, java.util.Set.of(LoraTarget.Q), 0))) {
            int[] longDoc = new int[c.contextLength() + 1];
            e = assertThrows(LightbulbException.class, () -> m.forwardBackward(TrainingBatch.pack(new int[][] {longDoc}, null), 1f));
            assertTrue(e.getMessage().contains("context length 32"), e.getMessage());
        }
    }
}
