package dev.lightbulb.backend.cuda;

import dev.lightbulb.backend.AdamWParams;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every CUDA training op against the CPU reference ({@code CpuTrainingOps}) on the same random inputs, with shapes
 * that cross the kernels' tiles (16 rows, 128 columns, 32-key tiles, 16384-element chunks). Where the kernel keeps
 * the CPU's order and float steps (matmul, bias, RMSNorm weight and embedding gradients, AdamW, scale, axpy, fill,
 * copy) the bits must be equal; elsewhere (dot products and row sums in a fixed tree) within float tolerance of
 * the tensor's largest value. Runs only where a GPU answers, with {@code -Dlightbulb.cuda.training=unverified}
 * ({@code bench/gpu/run.sh}); without that flag the set-up fails with the opt-in message.
 */
@Tag("gpu")
class CudaTrainingOpsGpuTest {
    private static CudaBackend gpu;
    private static TrainingOps gpuOps;
    private static final CpuBackend cpu = new CpuBackend();
    private static final TrainingOps cpuOps = cpu.trainingOps();
    private final Random random = new Random(12);

    @BeforeAll
    static void open() {
        assumeTrue(CudaBackend.isAvailable(), "no CUDA device: " + CudaBackend.unavailableReason());
        gpu = CudaBackend.open(CudaBackend.MatmulMode.FLOAT_ACTIVATIONS);
        gpuOps = gpu.trainingOps();
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
    }

    // ------------------------------------------------------------ helpers

    /** The same data on the CPU and on the GPU. */
    private record Both(BackendBuffer c, BackendBuffer g, int length) {
        float[] cpuValues() { return read(cpu, c, length); }
        float[] gpuValues() { return read(gpu, g, length); }
    }

    private float[] gaussian(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) random.nextGaussian();
        return f;
    }

    private static Both floats(float[] v, long... shape) {
        long[] s = shape.length == 0 ? new long[] {v.length} : shape;
        BackendBuffer c = cpu.allocate(GgmlType.F32, s), g = gpu.allocate(GgmlType.F32, s);
        cpu.writeFloats(c, 0, v, 0, v.length);
        gpu.writeFloats(g, 0, v, 0, v.length);
        return new Both(c, g, v.length);
    }

    private static Both ints(int[] v) {
        BackendBuffer c = cpu.allocate(GgmlType.I32, v.length), g = gpu.allocate(GgmlType.I32, v.length);
        cpu.writeInts(c, 0, v, 0, v.length);
        gpu.writeInts(g, 0, v, 0, v.length);
        return new Both(c, g, v.length);
    }

    private static float[] read(Backend b, BackendBuffer buf, int n) {
        float[] f = new float[n];
        b.readFloats(buf, 0, f, 0, n);
        return f;
    }

    private static void assertBitEqual(Both b, String what) {
        assertArrayEquals(b.cpuValues(), b.gpuValues(), what + ": the CUDA kernel keeps the CPU's order and float steps");
    }

    /** Within {@code tol} times the largest magnitude of the CPU's result (a sum's rounding scales with its terms). */
    private static void assertClose(Both b, double tol, String what) {
        float[] want = b.cpuValues(), got = b.gpuValues();
        double largest = 1e-30;
        for (float w : want) largest = Math.max(largest, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= tol * largest, what + "[" + i + "]: cpu " + want[i] + ", cuda " + got[i]
                    + " (tolerance " + tol * largest + ")");
        }
    }

    // ------------------------------------------------------------ linear layers

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void inputGradientOfEveryWeightTypeIsTheCpusBitForBit(GgmlType type) {
        int[][] shapes = type.blockSize() == 256 ? new int[][] {{1, 256, 3}, {37, 768, 9}} : new int[][] {{1, 32, 1}, {37, 544, 9}, {3, 96, 40}};
        for (int[] s : shapes) {
            int rows = s[0], k = s[1], n = s[2];
            HostTensor w = HostTensor.quantize("w", type, gaussian(n * k), k, n);
            BackendBuffer wc = cpu.upload(type, w.shape(), w.data()), wg = gpu.upload(type, w.shape(), w.data());
            Both dy = floats(gaussian(rows * n)), dx = floats(gaussian(rows * k + k));   // larger than needed on purpose
            String what = type + " dx " + rows + "x" + k + "x" + n;
            cpuOps.matmulInputGrad(dy.c, wc, dx.c, rows, false);
            gpuOps.matmulInputGrad(dy.g, wg, dx.g, rows, false);
            assertBitEqual(dx, what);
            cpuOps.matmulInputGrad(dy.c, wc, dx.c, rows, true);
            gpuOps.matmulInputGrad(dy.g, wg, dx.g, rows, true);
            assertBitEqual(dx, what + " accumulated");
        }
    }

    @Test
    void weightAndBiasGradientsAccumulateAsTheCpu() {
        int rows = 19, k = 300, n = 37;   // n crosses the 16-row tile, k the 128-column block
        Both dy = floats(gaussian(rows * n)), x = floats(gaussian(rows * k)), dw = floats(gaussian(n * k), k, n), db = floats(gaussian(n), n);
        for (int pass = 0; pass < 2; pass++) {
            cpuOps.matmulWeightGrad(dy.c, x.c, dw.c, rows);
            gpuOps.matmulWeightGrad(dy.g, x.g, dw.g, rows);
            cpuOps.biasGrad(dy.c, db.c, rows);
            gpuOps.biasGrad(dy.g, db.g, rows);
        }
        assertBitEqual(dw, "dw");
        assertBitEqual(db, "dbias");
    }

    // ------------------------------------------------------------ norms, activations, positions, embedding

    @Test
    void rmsNormBackwardMatchesTheCpu() {
        int rows = 7, dim = 300;
        Both x = floats(gaussian(rows * dim)), w = floats(gaussian(dim)), dy = floats(gaussian(rows * dim));
        Both dx = floats(gaussian(rows * dim)), dw = floats(gaussian(dim));
        for (boolean accumulate : new boolean[] {false, true}) {
            cpuOps.rmsNormBackward(x.c, w.c, dy.c, dx.c, dw.c, rows, 1e-5f, accumulate);
            gpuOps.rmsNormBackward(x.g, w.g, dy.g, dx.g, dw.g, rows, 1e-5f, accumulate);
            assertClose(dx, 1e-6, "dx accumulate=" + accumulate);
            assertClose(dw, 1e-6, "dweight");
        }
        cpuOps.rmsNormBackward(x.c, w.c, dy.c, dx.c, null, rows, 1e-5f, false);   // no weight gradient (a frozen norm)
        gpuOps.rmsNormBackward(x.g, w.g, dy.g, dx.g, null, rows, 1e-5f, false);
        assertClose(dx, 1e-6, "dx without dweight");
        assertThrows(IllegalArgumentException.class, () -> gpuOps.rmsNormBackward(x.g, w.g, dy.g, x.g, null, rows, 1e-5f, false));
    }

    @Test
    void swigluBackwardMatchesTheCpuAlsoInPlace() {
        int n = 1000;
        float[] gate = gaussian(n), up = gaussian(n);
        Both g = floats(gate), u = floats(up), d = floats(gaussian(n)), dGate = floats(new float[n]), dUp = floats(new float[n]);
        cpuOps.swigluBackward(g.c, u.c, d.c, dGate.c, dUp.c, n);
        gpuOps.swigluBackward(g.g, u.g, d.g, dGate.g, dUp.g, n);
        assertClose(dGate, 1e-6, "dGate");
        assertClose(dUp, 1e-6, "dUp");
        gpuOps.swigluBackward(g.g, u.g, d.g, g.g, u.g, n);   // in place, as the contract allows
        assertArrayEquals(dGate.gpuValues(), g.gpuValues());
        assertArrayEquals(dUp.gpuValues(), u.gpuValues());
    }

    @Test
    void ropeBackwardMatchesTheCpuAndUndoesTheForward() {
        int rows = 5, heads = 3, headDim = 64;
        int[] positions = {0, 1, 2, 517, 4095};
        Both pos = ints(positions);
        for (RopeLayout layout : RopeLayout.values()) {
            for (int rotary : new int[] {64, 32}) {
                RopeSpec rope = RopeSpec.standard(layout, rotary, 10000);
                float[] original = gaussian(rows * heads * headDim);
                Both dx = floats(original);
                cpuOps.ropeBackward(dx.c, pos.c, rows, heads, headDim, rope);
                gpuOps.ropeBackward(dx.g, pos.g, rows, heads, headDim, rope);
                assertClose(dx, 1e-6, layout + " rotary " + rotary);
                gpu.rope(dx.g, pos.g, rows, heads, headDim, rope);
                float[] back = dx.gpuValues();
                for (int i = 0; i < back.length; i++) assertEquals(original[i], back[i], 1e-5, layout + ": forward after backward is the identity");
            }
        }
    }

    @Test
    void embeddingBackwardAddsRepeatedTokensInRowOrder() {
        int dim = 300, vocab = 50;
        int[] tokens = {3, 49, 0, 3, 17, 3, 49};
        Both dy = floats(gaussian(tokens.length * dim)), ids = ints(tokens), table = floats(gaussian(vocab * dim), dim, vocab);
        cpuOps.embedBackward(dy.c, ids.c, tokens.length, table.c);
        gpuOps.embedBackward(dy.g, ids.g, tokens.length, table.g);
        assertBitEqual(table, "dTable");
        Both bad = ints(new int[] {1, vocab});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpuOps.embedBackward(dy.g, bad.g, 2, table.g));
        assertTrue(e.getMessage().contains("token id " + vocab), e.getMessage());
    }

    // ------------------------------------------------------------ attention

    /** Three documents (40, 3 and 70 rows): tiles of 32 keys split inside documents and across their ends. */
    private static int[] docStarts() {
        int[] lengths = {40, 3, 70};
        int rows = 0;
        for (int l : lengths) rows += l;
        int[] starts = new int[rows];
        int r = 0;
        for (int l : lengths) {
            for (int i = 0; i < l; i++) starts[r + i] = r;
            r += l;
        }
        return starts;
    }

    @Test
    void attentionForwardAndBackwardMatchTheCpu() {
        int[] starts = docStarts();
        int rows = starts.length;
        Both ds = ints(starts);
        for (int[] shape : new int[][] {{4, 2, 64, 0}, {3, 1, 30, 0}, {4, 4, 128, 20}, {8, 2, 256, 0}}) {
            int heads = shape[0], kvHeads = shape[1], headDim = shape[2], window = shape[3];
            AttentionLayout layout = new AttentionLayout(heads, kvHeads, headDim, 1, (float) (1 / Math.sqrt(headDim)), window);
            String what = "heads " + heads + "/" + kvHeads + " headDim " + headDim + " window " + window;
            int qn = rows * layout.queryDim(), kn = rows * layout.kvDim();
            Both q = floats(gaussian(qn)), k = floats(gaussian(kn)), v = floats(gaussian(kn));
            Both out = floats(new float[qn]), lse = floats(new float[rows * heads]);
            cpuOps.attentionForward(q.c, k.c, v.c, ds.c, rows, layout, out.c, lse.c);
            gpuOps.attentionForward(q.g, k.g, v.g, ds.g, rows, layout, out.g, lse.g);
            assertClose(out, 1e-5, what + " out");
            assertClose(lse, 1e-6, what + " lse");
            // the backward from the same forward results on both sides, so that only the backward is compared
            Both sameOut = floats(out.cpuValues()), sameLse = floats(lse.cpuValues()), dOut = floats(gaussian(qn));
            Both dq = floats(gaussian(qn)), dk = floats(gaussian(kn)), dv = floats(gaussian(kn));
            cpuOps.attentionBackward(q.c, k.c, v.c, sameOut.c, sameLse.c, dOut.c, ds.c, rows, layout, dq.c, dk.c, dv.c);
            gpuOps.attentionBackward(q.g, k.g, v.g, sameOut.g, sameLse.g, dOut.g, ds.g, rows, layout, dq.g, dk.g, dv.g);
            assertClose(dq, 1e-5, what + " dq");
            assertClose(dk, 1e-5, what + " dk");
            assertClose(dv, 1e-5, what + " dv");
            float[] first = dk.gpuValues();
            gpuOps.attentionBackward(q.g, k.g, v.g, sameOut.g, sameLse.g, dOut.g, ds.g, rows, layout, dq.g, dk.g, dv.g);
            assertArrayEquals(first, dk.gpuValues(), what + ": the same bits every run");
        }
        int[] broken = starts.clone();
        broken[45] = 2;
        Both bad = ints(broken);
        AttentionLayout layout = new AttentionLayout(2, 1, 32, 1, 0.2f, 0);
        Both q = floats(gaussian(rows * 64)), kv = floats(gaussian(rows * 32)), o = floats(new float[rows * 64]), l = floats(new float[rows * 2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gpuOps.attentionForward(q.g, kv.g, kv.g, bad.g, rows, layout, o.g, l.g));
        assertTrue(e.getMessage().startsWith("docStarts[45] = 2"), e.getMessage());
    }

    // ------------------------------------------------------------ loss

    @Test
    void crossEntropyMatchesTheCpuWithMaskedRows() {
        int rows = 9, vocab = 1003;
        int[] targets = {5, -1, 1002, 0, -1, 77, 500, 3, 999};
        float[] logits = gaussian(rows * vocab);
        for (int i = 0; i < logits.length; i++) logits[i] *= 4;
        Both z = floats(logits), t = ints(targets), losses = floats(gaussian(rows));
        cpuOps.crossEntropy(z.c, t.c, rows, vocab, 0.25f, losses.c);
        gpuOps.crossEntropy(z.g, t.g, rows, vocab, 0.25f, losses.g);
        assertClose(losses, 1e-6, "losses");
        assertClose(z, 1e-6, "dlogits");
        Both bad = ints(new int[] {1, vocab});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpuOps.crossEntropy(z.g, bad.g, 2, vocab, 1f, losses.g));
        assertTrue(e.getMessage().contains("target " + vocab + " of row 1"), e.getMessage());
    }

    // ------------------------------------------------------------ optimiser and vector ops

    @Test
    void adamwStepsAreTheCpusBitForBit() {
        int n = 70_001;
        Both p = floats(gaussian(n)), m = floats(new float[n]), v = floats(new float[n]);
        AdamWParams params = new AdamWParams(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f);
        for (int step = 1; step <= 3; step++) {
            Both g = floats(gaussian(n));
            cpuOps.adamw(p.c, g.c, m.c, v.c, n, params, step);
            gpuOps.adamw(p.g, g.g, m.g, v.g, n, params, step);
        }
        assertBitEqual(p, "param");
        assertBitEqual(m, "first moment");
        assertBitEqual(v, "second moment");
    }

    @Test
    void vectorOpsAndClippingMatchTheCpu() {
        int n = 3 * 16384 + 5;   // several partial sums and a short last chunk
        Both x = floats(gaussian(n)), y = floats(gaussian(n));
        double want = cpuOps.sumOfSquares(x.c, n), got = gpuOps.sumOfSquares(x.g, n);
        assertEquals(want, got, 1e-12 * want, "sum of squares");
        assertEquals(got, gpuOps.sumOfSquares(x.g, n), 0, "the same order every call");
        cpuOps.axpy(0.3f, x.c, y.c, n);
        gpuOps.axpy(0.3f, x.g, y.g, n);
        assertBitEqual(y, "axpy");
        cpuOps.scale(y.c, -1.7f, n);
        gpuOps.scale(y.g, -1.7f, n);
        assertBitEqual(y, "scale");
        cpuOps.copy(x.c, 5, y.c, 100, 1000);
        gpuOps.copy(x.g, 5, y.g, 100, 1000);
        assertBitEqual(y, "copy");
        cpuOps.fill(x.c, -0.5f, 777);
        gpuOps.fill(x.g, -0.5f, 777);
        assertBitEqual(x, "fill");
        double normC = cpuOps.clipGlobalNorm(List.of(x.c, y.c), List.of((long) n, (long) n), 1.0);
        double normG = gpuOps.clipGlobalNorm(List.of(x.g, y.g), List.of((long) n, (long) n), 1.0);
        assertEquals(normC, normG, 1e-9 * normC, "global norm");
        assertClose(x, 1e-6, "clipped x");
        assertClose(y, 1e-6, "clipped y");
    }
}
