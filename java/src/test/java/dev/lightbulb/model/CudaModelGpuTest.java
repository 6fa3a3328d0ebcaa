package dev.lightbulb.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.SharedData;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.cuda.CudaBackend;
import dev.lightbulb.backend.cuda.CudaGraph;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whole forward passes on the CUDA backend against the CPU backend: stories260K (the llama2.c reference ids),
 * a stories15M-shaped model with random weights, and batch invariance (a sequence's logits bit-identical at
 * 1 row and at 37 rows). Runs only where a GPU answers.
 */
@Tag("gpu")
class CudaModelGpuTest {
    private static CudaBackend gpu, gpuQ8;

    @BeforeAll
    static void open() {
        assumeTrue(CudaBackend.isAvailable(), "no CUDA device: " + CudaBackend.unavailableReason());
        gpu = CudaBackend.open(CudaBackend.MatmulMode.FLOAT_ACTIVATIONS);
        gpuQ8 = CudaBackend.open(CudaBackend.MatmulMode.Q8_ACTIVATIONS);
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
        if (gpuQ8 != null) gpuQ8.close();
    }

    @Test
    void stories260KGreedyGivesTheReferenceIdsAndCpuLogits() {
        JsonNode ref = ReferenceOutputs.read("stories260K_greedy_once.json");
        int[] expected = ReferenceOutputs.ints(ref.get("generated_ids"));
        try (LoadedModel m = LoadedModel.open(SharedData.path("models/tinystories/stories260K.bin"),
                SharedData.path("models/tinystories/tok512.bin"), gpu);
             LoadedModel c = LoadedModel.open(SharedData.path("models/tinystories/stories260K.bin"),
                     SharedData.path("models/tinystories/tok512.bin"), new CpuBackend())) {
            int[] prompt = m.tokenizer().encode(ref.get("prompt").asText(), true);
            Generation g = Generator.generate(m.model(), prompt, expected.length, SamplingParams.GREEDY, t -> false);
            assertArrayEquals(expected, g.generatedIds());
            assertLogitsClose(c.model(), m.model(), prompt, 1e-4);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q4_0"})  // dim 288: no K-quants
    void stories15MShapedModelMatchesTheCpu(GgmlType type) {
        RandomLlama weights = new RandomLlama(type);
        int[] prompt = {1, 450, 3017, 29871, 1058, 12, 7, 31999};
        try (LlamaModel c = LlamaModel.load(weights.config, weights, new CpuBackend());
             LlamaModel g = LlamaModel.load(weights.config, weights, gpu)) {
            assertLogitsClose(c, g, prompt, 1e-4);
            int[] cpuIds = Generator.generate(c, prompt, 16, SamplingParams.GREEDY, t -> false).generatedIds();
            int[] gpuIds = Generator.generate(g, prompt, 16, SamplingParams.GREEDY, t -> false).generatedIds();
            assertArrayEquals(cpuIds, gpuIds, type + " greedy ids");
        }
        if (type.isQuantized()) {  // llama.cpp-style int8 activations: close to the CPU, not equal
            try (LlamaModel c = LlamaModel.load(weights.config, weights, new CpuBackend());
                 LlamaModel q = LlamaModel.load(weights.config, weights, gpuQ8)) {
                assertLogitsClose(c, q, prompt, 5e-2);
            }
        }
    }

    @Test
    void aSequencesLogitsAreBitIdenticalAtOneAndThirtySevenRows() {
        RandomLlama weights = new RandomLlama(GgmlType.Q8_0);
        for (CudaBackend b : new CudaBackend[] {gpu, gpuQ8}) {
            try (LlamaModel m = LlamaModel.load(weights.config, weights, b)) {
                float[] alone, together;
                try (PagedKvCache cache = m.newKvCache(16, 64)) {
                    ForwardBatch prefill = new ForwardBatch();
                    for (int p = 0; p < 5; p++) prefill.add(0, p, 10 + p, false);
                    m.forwardToHost(prefill, cache);
                    ForwardBatch one = new ForwardBatch();
                    one.add(0, 5, 99, true);
                    alone = m.forwardToHost(one, cache);
                }
                try (PagedKvCache cache = m.newKvCache(16, 64)) {
                    ForwardBatch prefill = new ForwardBatch();
                    for (int p = 0; p < 5; p++) prefill.add(0, p, 10 + p, false);
                    m.forwardToHost(prefill, cache);
                    ForwardBatch step = new ForwardBatch();
                    for (int p = 0; p < 20; p++) step.add(1, p, 200 + p, false);   // another sequence's prefill chunk
                    step.add(0, 5, 99, true);                                      // our decode row, in the middle
                    for (int p = 0; p < 16; p++) step.add(2, p, 300 + p, p == 15);  // and a third sequence
                    assertEquals(37, step.size());
                    float[] all = m.forwardToHost(step, cache);
                    together = Arrays.copyOf(all, alone.length);  // logits come in the order of the rows that want them
                }
                assertArrayEquals(alone, together, b.device());
            }
        }
    }

    /**
     * A decode step's kernels captured once as a CUDA graph and replayed after each new {@link LlamaModel#stage} of
     * the same shape give bit for bit the logits of the plain kernels, on both matmul modes; and so does
     * {@link LlamaModel#forward}, which records decode shapes by itself.
     */
    @Test
    void aCapturedDecodeStepReplaysWithTheLogitsOfPlainForwardCalls() {
        RandomLlama weights = new RandomLlama(GgmlType.Q4_0);
        int[] decodeTokens = {99, 7, 31000, 5};
        for (CudaBackend b : new CudaBackend[] {gpu, gpuQ8}) {
            try (LlamaModel m = LlamaModel.load(weights.config, weights, b)) {
                float[][] plain = new float[decodeTokens.length][], replayed = new float[decodeTokens.length][];
                float[][] viaForward = new float[decodeTokens.length][];
                try (PagedKvCache cache = m.newKvCache(16, 64)) {
                    prefillTwoSequences(m, cache);
                    for (int i = 0; i < decodeTokens.length; i++) {
                        BackendBuffer l = m.compute(m.stage(decodeStep(i, decodeTokens[i]), cache));   // plain kernels
                        plain[i] = new float[2 * 32000];
                        b.readFloats(l, 0, plain[i], 0, plain[i].length);
                    }
                }
                try (PagedKvCache cache = m.newKvCache(16, 64)) {   // forward: the engine's path, graphs from the second step
                    prefillTwoSequences(m, cache);
                    for (int i = 0; i < decodeTokens.length; i++) viaForward[i] = m.forwardToHost(decodeStep(i, decodeTokens[i]), cache);
                    assertEquals(1, m.recordedGraphs(), "forward recorded the decode shape once");
                }
                try (PagedKvCache cache = m.newKvCache(16, 64)) {
                    prefillTwoSequences(m, cache);
                    m.compute(m.stage(decodeStep(0, decodeTokens[0]), cache));  // warm-up: every constant buffer exists
                    StagedStep captured = m.stage(decodeStep(0, decodeTokens[0]), cache);
                    BackendBuffer[] logits = new BackendBuffer[1];
                    try (CudaGraph graph = b.capture(() -> logits[0] = m.compute(captured))) {
                        for (int i = 0; i < decodeTokens.length; i++) {
                            StagedStep s = i == 0 ? captured : m.stage(decodeStep(i, decodeTokens[i]), cache);
                            assertEquals(captured.buffersGeneration(), s.buffersGeneration(), "step buffers reallocated");
                            graph.replay();
                            replayed[i] = new float[plain[i].length];
                            b.readFloats(logits[0], 0, replayed[i], 0, replayed[i].length);
                        }
                    }
                }
                for (int i = 0; i < decodeTokens.length; i++) {
                    assertArrayEquals(plain[i], replayed[i], b.device() + " step " + i);
                    assertArrayEquals(plain[i], viaForward[i], b.device() + " forward, step " + i);
                }
            }
        }
    }

    /** Sequence 0 with 5 prompt tokens, sequence 1 with 9. */
    private static void prefillTwoSequences(LlamaModel m, PagedKvCache cache) {
        ForwardBatch prefill = new ForwardBatch();
        for (int p = 0; p < 5; p++) prefill.add(0, p, 10 + p, false);
        for (int p = 0; p < 9; p++) prefill.add(1, p, 40 + p, false);
        m.forward(prefill, cache);
    }

    /** Decode step i of both sequences (one row each, both wanting logits). */
    private static ForwardBatch decodeStep(int i, int token) {
        ForwardBatch b = new ForwardBatch();
        b.add(0, 5 + i, token, true);
        b.add(1, 9 + i, (token + 1) % 32000, true);
        return b;
    }

    /** CPU and GPU logits of one prefill of {@code prompt}, all positions, within {@code tolerance} relative. */
    private static void assertLogitsClose(CausalLm cpu, CausalLm gpuModel, int[] prompt, double tolerance) {
        float[][] logits = new float[2][];
        CausalLm[] both = {cpu, gpuModel};
        for (int i = 0; i < 2; i++) {
            try (PagedKvCache cache = both[i].newKvCache(16, 16)) {
                ForwardBatch b = new ForwardBatch();
                for (int p = 0; p < prompt.length; p++) b.add(0, p, prompt[p], true);
                logits[i] = both[i].forwardToHost(b, cache);
            }
        }
        double num = 0, den = 0;
        for (int j = 0; j < logits[0].length; j++) {
            num += Math.pow(logits[1][j] - logits[0][j], 2);
            den += Math.pow(logits[0][j], 2);
        }
        assertTrue(Math.sqrt(num / den) < tolerance, "logits rel error " + Math.sqrt(num / den));
    }

    /** dim 288, 6 layers, 6 heads, hidden 768, vocab 32000 (stories15M's shape), Gaussian weights, norms near 1. */
    private static final class RandomLlama implements WeightSource {
        final ModelConfig config = new ModelConfig("llama", 288, 6, 6, 6, 48, 768, 32000, 256, 1e-5f,
                RopeSpec.standard(RopeLayout.NORM, 48, 10000.0), false, 0);
        private final Map<String, HostTensor> tensors = new HashMap<>();

        RandomLlama(GgmlType type) {
            Random r = new Random(15);
            int dim = config.dim(), hidden = config.hiddenDim(), vocab = config.vocabSize();
            matrix(r, "token_embd.weight", type, dim, vocab);
            norm(r, "output_norm.weight", dim);
            matrix(r, "output.weight", type, dim, vocab);
            for (int l = 0; l < config.layers(); l++) {
                String p = "blk." + l + ".";
                norm(r, p + "attn_norm.weight", dim);
                for (String w : new String[] {"attn_q", "attn_k", "attn_v", "attn_output"}) matrix(r, p + w + ".weight", type, dim, dim);
                norm(r, p + "ffn_norm.weight", dim);
                matrix(r, p + "ffn_gate.weight", type, dim, hidden);
                matrix(r, p + "ffn_up.weight", type, dim, hidden);
                matrix(r, p + "ffn_down.weight", type, hidden, dim);
            }
        }

        private void matrix(Random r, String name, GgmlType type, int k, int n) {
            float[] v = new float[k * n];
            double scale = 1 / Math.sqrt(k);
            for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * scale);
            tensors.put(name, HostTensor.quantize(name, type, v, k, n));
        }

        private void norm(Random r, String name, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = 1f + 0.1f * (float) r.nextGaussian();
            tensors.put(name, HostTensor.ofFloats(name, v, n));
        }

        @Override public String origin() { return "random stories15M-shaped weights"; }

        @Override public boolean has(String name) { return tensors.containsKey(name); }

        @Override public HostTensor tensor(String name) { return tensors.get(name); }
    }
}
