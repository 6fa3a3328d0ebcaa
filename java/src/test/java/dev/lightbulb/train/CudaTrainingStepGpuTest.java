package dev.lightbulb.train;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.cuda.CudaBackend;
import dev.lightbulb.engine.RandomWeights;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.WeightSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end: three training steps (forward, loss, backward, clipping, AdamW) of tiny random models on CUDA against
 * the same steps on the CPU: the loss of every step and every parameter's gradient of the first step, for full
 * finetuning (llama with grouped KV heads; qwen2 with Q/K/V biases and a tied output) and for LoRA over a base with
 * a Q8_0 projection. Runs only where a GPU answers, with {@code -Dlightbulb.cuda.training=unverified}
 * ({@code bench/gpu/run.sh}).
 */
@Tag("gpu")
class CudaTrainingStepGpuTest {
    private static CudaBackend gpu;

    @BeforeAll
    static void open() {
        assumeTrue(CudaBackend.isAvailable(), "no CUDA device: " + CudaBackend.unavailableReason());
        gpu = CudaBackend.open(CudaBackend.MatmulMode.FLOAT_ACTIVATIONS);
        gpu.trainingOps();   // without the opt-in flag this fails here, saying how to opt in
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
    }

    /** The losses of three steps and every parameter's gradient after the first backward. */
    private record Run(double[] losses, Map<String, float[]> firstGradients) {}

    private static Run train(Backend backend, Function<Backend, TrainableModel> make) {
        TrainingBatch batch = TrainableModelTest.batch();
        double[] losses = new double[3];
        Map<String, float[]> grads = new LinkedHashMap<>();
        try (TrainableModel m = make.apply(backend);
             AdamW adamw = new AdamW(backend, List.copyOf(m.parameters()), 0.9f, 0.999f, 1e-8f, 0.01f, 1.0)) {
            m.zeroGradients();
            for (int step = 0; step < losses.length; step++) {
                losses[step] = m.forwardBackward(batch, 1f / batch.lossTokens()).mean();
                if (step == 0) {
                    for (Parameter p : m.parameters()) {
                        float[] g = new float[Math.toIntExact(p.size())];
                        backend.readFloats(p.grad(), 0, g, 0, g.length);
                        grads.put(p.name(), g);
                    }
                }
                adamw.step(1e-2f);
            }
        }
        return new Run(losses, grads);
    }

    private static void assertSameTraining(Function<Backend, TrainableModel> make, String what) {
        Run want = train(new CpuBackend(), make), got = train(gpu, make);
        for (int s = 0; s < want.losses.length; s++) {
            assertEquals(want.losses[s], got.losses[s], 1e-4 * Math.abs(want.losses[s]), what + " loss of step " + (s + 1));
        }
        assertEquals(want.firstGradients.keySet(), got.firstGradients.keySet());
        want.firstGradients.forEach((name, g) -> {
            float[] h = got.firstGradients.get(name);
            double largest = 1e-30;
            for (float v : g) largest = Math.max(largest, Math.abs(v));
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], h[i], 1e-4 * largest, what + " gradient of " + name + "[" + i + "]");
            }
        });
    }

    @Test
    void fullFinetuningStepsMatchTheCpu() {
        for (ModelConfig c : List.of(TrainableModelTest.llama(), TrainableModelTest.qwen2())) {
            WeightSource w = c.qkvBias() ? new TrainableModelTest.Tied(new RandomWeights(c, 11)) : new RandomWeights(c, 11);
            assertSameTraining(b -> TrainableModel.full(c, w, b), c.architecture() + " full");
        }
    }

    @Test
    void loraStepsOverAQuantisedBaseMatchTheCpu() {
        ModelConfig c = RandomWeights.llama(32, 2, 4, 2, 64, 40, 32);   // rows of 32 and 64: Q8_0 blocks fit
        WeightSource w = TrainableModelTest.withQ8_0(new RandomWeights(c, 4), "blk.0.ffn_down.weight");
        assertSameTraining(b -> TrainableModel.lora(c, w, b, new LoraConfig(2, 16, LoraConfig.allTargets(), 1)), "lora over q8_0");
    }
}
