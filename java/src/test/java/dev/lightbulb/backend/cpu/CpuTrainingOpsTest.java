package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AdamWParams;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static dev.lightbulb.backend.cpu.TrainingBuffers.abs;
import static dev.lightbulb.backend.cpu.TrainingBuffers.doubles;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The CPU {@link TrainingOps} (Vector API) against the float64 {@link TrainingReference} on random inputs, shapes
 * chosen to cross every tile and vector boundary: within float tolerance, relative to the magnitude of the terms
 * summed (the reference run on absolute values) where a result is a sum of many products.
 */
class CpuTrainingOpsTest {
    private final TrainingBuffers t = new TrainingBuffers(2026);
    private final TrainingOps ops = t.cpu.trainingOps();

    static void assertClose(double[] expected, float[] actual, double[] magnitude, double relTol, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tol = relTol * Math.max(1, magnitude == null ? Math.abs(expected[i]) : magnitude[i]);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (tolerance " + tol + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q5_0", "Q4_K", "Q6_K"})
    void inputGradientOfEveryWeightTypeIsDyTimesTheStoredWeight(GgmlType type) {
        int block = type.blockSize() == 1 ? 1 : type.blockSize();
        // k spans one or several 256-column tiles (and a partial one where the block allows); rows cross the 32-row tile
        int[][] shapes = block == 256 ? new int[][] {{1, 256, 3}, {37, 768, 9}} : new int[][] {{1, 32, 1}, {37, 544, 9}, {3, 96, 40}};
        for (int[] s : shapes) {
            int rows = s[0], k = s[1], n = s[2];
            float[] stored = new float[n * k];
            BackendBuffer w = t.weight(type, k, n, stored);
            float[] dy = t.gaussian(rows * n), start = t.gaussian(rows * k);
            double[] expected = TrainingReference.matmulInputGrad(doubles(dy), rows, doubles(stored), n, k);
            double[] magnitude = TrainingReference.matmulInputGrad(abs(doubles(dy)), rows, abs(doubles(stored)), n, k);
            BackendBuffer dx = t.floats(start, k, rows + 1);   // larger than needed on purpose
            ops.matmulInputGrad(t.floats(dy), w, dx, rows, false);
            String what = type + " dx " + rows + "x" + k + "x" + n;
            assertClose(expected, t.read(dx, rows * k), magnitude, 1e-5, what);
            ops.matmulInputGrad(t.floats(dy), w, dx, rows, true);   // accumulate: now twice the gradient
            for (int i = 0; i < expected.length; i++) expected[i] *= 2;
            assertClose(expected, t.read(dx, rows * k), magnitude, 2e-5, what + " accumulated");
        }
    }

    @Test
    void weightAndBiasGradientsAccumulate() {
        int rows = 19, k = 300, n = 21;
        float[] dy = t.gaussian(rows * n), x = t.gaussian(rows * k), dw0 = t.gaussian(n * k), db0 = t.gaussian(n);
        BackendBuffer dw = t.floats(dw0, k, n), db = t.floats(db0, n);
        ops.matmulWeightGrad(t.floats(dy), t.floats(x), dw, rows);
        ops.biasGrad(t.floats(dy), db, rows);
        double[] expected = TrainingReference.matmulWeightGrad(doubles(dy), doubles(x), rows, n, k);
        double[] magnitude = TrainingReference.matmulWeightGrad(abs(doubles(dy)), abs(doubles(x)), rows, n, k);
        for (int i = 0; i < expected.length; i++) expected[i] += dw0[i];
        assertClose(expected, t.read(dw, n * k), magnitude, 1e-5, "dw");
        double[] bias = TrainingReference.biasGrad(doubles(dy), rows, n);
        for (int i = 0; i < n; i++) bias[i] += db0[i];
        assertClose(bias, t.read(db, n), null, 1e-5, "dbias");
    }

    @Test
    void rmsNormBackwardGivesDxAndAccumulatesDweight() {
        int rows = 7, dim = 37;
        float[] x = t.gaussian(rows * dim), w = t.gaussian(dim), dy = t.gaussian(rows * dim), dw0 = t.gaussian(dim);
        double[][] expected = TrainingReference.rmsNormBackward(doubles(x), rows, doubles(w), doubles(dy), 1e-5);
        BackendBuffer dx = t.cpu.allocate(GgmlType.F32, dim, rows), dw = t.floats(dw0);
        ops.rmsNormBackward(t.floats(x), t.floats(w), t.floats(dy), dx, dw, rows, 1e-5f, false);
        assertClose(expected[0], t.read(dx, rows * dim), null, 1e-5, "dx");
        for (int i = 0; i < dim; i++) expected[1][i] += dw0[i];
        assertClose(expected[1], t.read(dw, dim), null, 1e-5, "dweight");
        ops.rmsNormBackward(t.floats(x), t.floats(w), t.floats(dy), dx, null, rows, 1e-5f, true);   // frozen weight
        for (int i = 0; i < expected[0].length; i++) expected[0][i] *= 2;
        assertClose(expected[0], t.read(dx, rows * dim), null, 2e-5, "dx accumulated");
        assertThrows(IllegalArgumentException.class, () -> ops.rmsNormBackward(dx, t.floats(w), t.floats(dy), dx, null, rows, 1e-5f, false));
    }

    @Test
    void swigluBackwardMayOverwriteItsInputs() {
        int n = 45;
        float[] g = t.gaussian(n), u = t.gaussian(n), d = t.gaussian(n);
        g[0] = 30;
        g[1] = -30;
        double[][] expected = TrainingReference.swigluBackward(doubles(g), doubles(u), doubles(d));
        BackendBuffer gate = t.floats(g), up = t.floats(u);
        ops.swigluBackward(gate, up, t.floats(d), gate, up, n);
        assertClose(expected[0], t.read(gate, n), null, 1e-6, "dgate");
        assertClose(expected[1], t.read(up, n), null, 1e-6, "dup");
    }

    @ParameterizedTest
    @EnumSource(RopeLayout.class)
    void ropeBackwardUndoesTheForwardRotation(RopeLayout layout) {
        int heads = 3, headDim = 10;
        int[] positions = {0, 1, 33, 4095};
        RopeSpec spec = RopeSpec.standard(layout, 8, 10000);
        float[] dy = t.gaussian(positions.length * heads * headDim);
        BackendBuffer b = t.floats(dy);
        ops.ropeBackward(b, t.ints(positions), positions.length, heads, headDim, spec);
        double[] expected = TrainingReference.ropeBackward(doubles(dy), positions, heads, headDim, spec);
        assertClose(expected, t.read(b, dy.length), null, 2e-6, "drope");
        t.cpu.rope(b, t.ints(positions), positions.length, heads, headDim, spec);   // forward of the backward: back to dy
        assertClose(doubles(dy), t.read(b, dy.length), null, 2e-6, "rope(ropeBackward(dy))");
    }

    @Test
    void embeddingBackwardScatterAddsRepeatedTokens() {
        int dim = 11, vocab = 6;
        int[] tokens = {2, 5, 2, 0, 2};
        float[] dy = t.gaussian(tokens.length * dim), table0 = t.gaussian(vocab * dim);
        BackendBuffer dt = t.floats(table0, dim, vocab);
        ops.embedBackward(t.floats(dy), t.ints(tokens), tokens.length, dt);
        double[] expected = TrainingReference.embedBackward(doubles(dy), dim, tokens, vocab);
        for (int i = 0; i < expected.length; i++) expected[i] += table0[i];
        assertClose(expected, t.read(dt, vocab * dim), null, 1e-6, "dtable");
        assertThrows(IllegalArgumentException.class, () -> ops.embedBackward(t.floats(dy), t.ints(new int[] {vocab}), 1, dt));
    }

    @Test
    void packedAttentionForwardAndBackwardMatchTheReference() {
        // three documents (5, 1 and 9 rows), GQA 6 query heads over 2 kv heads, head size 20 (vector body and tail)
        int[] docStarts = {0, 0, 0, 0, 0, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6};
        for (int window : new int[] {0, 3}) {
            AttentionLayout l = new AttentionLayout(6, 2, 20, 1, (float) (1 / Math.sqrt(20)), window);
            int rows = docStarts.length;
            float[] q = t.gaussian(rows * l.queryDim()), k = t.gaussian(rows * l.kvDim()), v = t.gaussian(rows * l.kvDim());
            float[] dOut = t.gaussian(rows * l.queryDim());
            BackendBuffer out = t.cpu.allocate(GgmlType.F32, l.queryDim(), rows), lse = t.cpu.allocate(GgmlType.F32, l.heads(), rows);
            BackendBuffer qb = t.floats(q), kb = t.floats(k), vb = t.floats(v), starts = t.ints(docStarts);
            ops.attentionForward(qb, kb, vb, starts, rows, l, out, lse);
            double[][] expected = TrainingReference.attention(doubles(q), doubles(k), doubles(v), docStarts, l);
            assertClose(expected[0], t.read(out, rows * l.queryDim()), null, 1e-5, "window " + window + " out");
            assertClose(expected[1], t.read(lse, rows * l.heads()), null, 1e-5, "window " + window + " lse");

            BackendBuffer dq = t.cpu.allocate(GgmlType.F32, l.queryDim(), rows);
            BackendBuffer dk = t.cpu.allocate(GgmlType.F32, l.kvDim(), rows), dv = t.cpu.allocate(GgmlType.F32, l.kvDim(), rows);
            ops.attentionBackward(qb, kb, vb, out, lse, t.floats(dOut), starts, rows, l, dq, dk, dv);
            double[][] grads = TrainingReference.attentionBackward(doubles(q), doubles(k), doubles(v), doubles(dOut), docStarts, l);
            assertClose(grads[0], t.read(dq, rows * l.queryDim()), null, 2e-5, "window " + window + " dq");
            assertClose(grads[1], t.read(dk, rows * l.kvDim()), null, 2e-5, "window " + window + " dk");
            assertClose(grads[2], t.read(dv, rows * l.kvDim()), null, 2e-5, "window " + window + " dv");
        }
    }

    @Test
    void attentionRejectsRowsThatAreNotPackedDocuments() {
        AttentionLayout l = new AttentionLayout(1, 1, 4, 1, 0.5f, 0);
        BackendBuffer x = t.floats(t.gaussian(12)), out = t.floats(new float[12]), lse = t.floats(new float[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops.attentionForward(x, x, x, t.ints(new int[] {0, 0, 1}), 3, l, out, lse));
        assertTrue(e.getMessage().contains("docStarts[2] = 1"), e.getMessage());
    }

    @Test
    void crossEntropyMatchesTheReferenceAndChunksGiveTheSameBits() {
        int rows = 6, vocab = 1000;
        int[] targets = {3, -1, 999, 0, 500, -1};
        float[] logits = t.gaussian(rows * vocab);
        for (int i = 0; i < logits.length; i++) logits[i] *= 4;
        float scale = 1f / 4;
        BackendBuffer all = t.floats(logits), losses = t.floats(new float[rows]);
        ops.crossEntropy(all, t.ints(targets), rows, vocab, scale, losses);
        assertClose(TrainingReference.crossEntropy(doubles(logits), targets, vocab), t.read(losses, rows), null, 1e-6, "loss");
        assertClose(TrainingReference.crossEntropyGrad(doubles(logits), targets, vocab, scale), t.read(all, rows * vocab), null, 1e-7, "dlogits");
        // two rows at a time, as a caller bounding memory would do: the same bits
        float[] chunked = new float[rows * vocab], chunkLosses = new float[rows];
        for (int r0 = 0; r0 < rows; r0 += 2) {
            BackendBuffer chunk = t.floats(java.util.Arrays.copyOfRange(logits, r0 * vocab, (r0 + 2) * vocab));
            BackendBuffer l = t.floats(new float[2]);
            ops.crossEntropy(chunk, t.ints(java.util.Arrays.copyOfRange(targets, r0, r0 + 2)), 2, vocab, scale, l);
            t.cpu.readFloats(chunk, 0, chunked, r0 * vocab, 2 * vocab);
            t.cpu.readFloats(l, 0, chunkLosses, r0, 2);
        }
        assertArrayEquals(t.read(all, rows * vocab), chunked, 0f);
        assertArrayEquals(t.read(losses, rows), chunkLosses, 0f);
    }

    @Test
    void adamwFollowsTheFloat64FormulaOverSteps() {
        int n = 100;
        float[] p = t.gaussian(n);
        double[] pd = doubles(p), md = new double[n], vd = new double[n];
        BackendBuffer param = t.floats(p), m = t.floats(new float[n]), v = t.floats(new float[n]);
        AdamWParams a = new AdamWParams(1e-2f, 0.9f, 0.95f, 1e-8f, 0.1f);
        for (int step = 1; step <= 5; step++) {
            float[] g = t.gaussian(n);
            ops.adamw(param, t.floats(g), m, v, n, a, step);
            TrainingReference.adamw(pd, doubles(g), md, vd, a.lr(), a.beta1(), a.beta2(), a.eps(), a.weightDecay(), step);
            assertClose(pd, t.read(param, n), null, 1e-6, "param after step " + step);
        }
        assertThrows(IllegalArgumentException.class, () -> ops.adamw(param, param, m, v, n, a, 0));
    }

    @Test
    void vectorOpsAndGlobalNormClipping() {
        int n = 40_000;   // more than two sum-of-squares blocks
        float[] a = t.gaussian(n), b = t.gaussian(n);
        BackendBuffer x = t.floats(a), y = t.floats(b);
        double squares = 0;
        for (float f : a) squares += (double) f * f;
        assertEquals(squares, ops.sumOfSquares(x, n), squares * 1e-12);
        ops.axpy(0.5f, x, y, n);
        for (int i = 0; i < n; i += 997) assertEquals(Math.fma(a[i], 0.5f, b[i]), t.read(y, n)[i], 0f);
        ops.copy(x, 10, y, 20, 5);
        assertArrayEquals(java.util.Arrays.copyOfRange(a, 10, 15), java.util.Arrays.copyOfRange(t.read(y, n), 20, 25), 0f);
        ops.fill(y, 3f, n);
        ops.scale(y, 2f, n);
        assertEquals(6f, t.read(y, n)[n - 1], 0f);

        double before = Math.sqrt(squares + 36.0 * n);
        double norm = ops.clipGlobalNorm(List.of(x, y), List.of((long) n, (long) n), 1.0);
        assertEquals(before, norm, before * 1e-9);
        double after = Math.sqrt(ops.sumOfSquares(x, n) + ops.sumOfSquares(y, n));
        assertEquals(1.0, after, 1e-5);
        assertEquals(1.0, ops.clipGlobalNorm(List.of(x, y), List.of((long) n, (long) n), 5.0), 1e-5, "under the limit: left alone");
    }

    /**
     * Parallel streams run in the calling pool: every op whose work is split into tasks gives the same bits in pools
     * of 1, 2 and 5 threads (shapes large enough to go parallel).
     */
    @Test
    void everyReductionGivesTheSameBitsWhateverTheThreadCount() throws Exception {
        int rows = 64, k = 512, n = 96, dim = k, vocab = 3000;
        float[] stored = new float[n * k];
        BackendBuffer w = t.weight(GgmlType.Q4_K, k, n, stored);
        float[] x = t.gaussian(rows * k), dy = t.gaussian(rows * n), dyNorm = t.gaussian(rows * dim), norm = t.gaussian(dim);
        float[] logits = t.gaussian(rows * vocab);
        int[] targets = new int[rows], docStarts = new int[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = r % 5 == 0 ? -1 : (r * 37) % vocab;
            docStarts[r] = r < 40 ? 0 : 40;
        }
        AttentionLayout l = new AttentionLayout(8, 2, 32, 1, 0.17f, 0);
        float[] q = t.gaussian(rows * l.queryDim()), kv = t.gaussian(rows * l.kvDim()), dOut = t.gaussian(rows * l.queryDim());
        java.util.function.Supplier<float[][]> step = () -> {
            BackendBuffer dx = t.cpu.allocate(GgmlType.F32, k, rows), dw = t.cpu.allocate(GgmlType.F32, k, n);
            ops.matmulInputGrad(t.floats(dy), w, dx, rows, false);
            ops.matmulWeightGrad(t.floats(dy), t.floats(x), dw, rows);
            BackendBuffer ndx = t.cpu.allocate(GgmlType.F32, dim, rows), ndw = t.cpu.allocate(GgmlType.F32, dim);
            ops.rmsNormBackward(t.floats(x), t.floats(norm), t.floats(dyNorm), ndx, ndw, rows, 1e-6f, false);
            BackendBuffer z = t.floats(logits), losses = t.cpu.allocate(GgmlType.F32, rows);
            ops.crossEntropy(z, t.ints(targets), rows, vocab, 0.01f, losses);
            BackendBuffer out = t.cpu.allocate(GgmlType.F32, l.queryDim(), rows), lse = t.cpu.allocate(GgmlType.F32, l.heads(), rows);
            BackendBuffer qb = t.floats(q), kb = t.floats(kv), starts = t.ints(docStarts);
            ops.attentionForward(qb, kb, kb, starts, rows, l, out, lse);
            BackendBuffer dq = t.cpu.allocate(GgmlType.F32, l.queryDim(), rows);
            BackendBuffer dk = t.cpu.allocate(GgmlType.F32, l.kvDim(), rows), dv = t.cpu.allocate(GgmlType.F32, l.kvDim(), rows);
            ops.attentionBackward(qb, kb, kb, out, lse, t.floats(dOut), starts, rows, l, dq, dk, dv);
            float[] norms = {(float) ops.sumOfSquares(dw, (long) n * k)};
            return new float[][] {t.read(dx, rows * k), t.read(dw, n * k), t.read(ndx, rows * dim), t.read(ndw, dim),
                    t.read(z, rows * vocab), t.read(losses, rows), t.read(out, rows * l.queryDim()), t.read(dq, rows * l.queryDim()),
                    t.read(dk, rows * l.kvDim()), t.read(dv, rows * l.kvDim()), norms};
        };
        float[][] reference = null;
        for (int threads : new int[] {1, 2, 5}) {
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
            try {
                float[][] got = pool.submit(step::get).get();
                if (reference == null) reference = got;
                else for (int i = 0; i < got.length; i++) assertArrayEquals(reference[i], got[i], 0f, "output " + i + " at " + threads + " threads");
            } finally {
                pool.shutdown();
            }
        }
    }
}
