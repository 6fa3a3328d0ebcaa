package dev.lightbulb.backend.cuda;

import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SampleRow;
import dev.lightbulb.backend.sampling.SampledToken;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every CUDA op against the CPU op on the same random inputs (never zeros), odd shapes, batch invariance, and
 * the sampler's draws. Runs only where a GPU answers: {@code bench/gpu/run.sh} (surefire -Dgroups=gpu).
 */
@Tag("gpu")
class CudaBackendGpuTest {
    private static CudaBackend gpu, gpuQ8;
    private static final CpuBackend cpu = new CpuBackend();
    private final Random random = new Random(42);

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

    // ------------------------------------------------------------ helpers

    private float[] gaussian(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) random.nextGaussian();
        return f;
    }

    static BackendBuffer floats(Backend b, float[] v) {
        BackendBuffer buf = b.allocate(GgmlType.F32, v.length);
        b.writeFloats(buf, 0, v, 0, v.length);
        return buf;
    }

    private static BackendBuffer ints(Backend b, int[] v) {
        BackendBuffer buf = b.allocate(GgmlType.I32, v.length);
        b.writeInts(buf, 0, v, 0, v.length);
        return buf;
    }

    static float[] read(Backend b, BackendBuffer buf, int n) {
        float[] f = new float[n];
        b.readFloats(buf, 0, f, 0, n);
        return f;
    }

    /** A weight [k, n] of random values in {@code type}, encoded with the ggml-exact codecs. */
    private MemorySegment weight(GgmlType type, int n, int k) {
        float[] values = gaussian(n * k);
        MemorySegment seg = Arena.ofAuto().allocate(type.bytesFor((long) n * k));
        BlockCodec.of(type).quantize(values, 0, n * k, seg, 0);
        return seg;
    }

    static double relError(float[] got, float[] want) {
        double num = 0, den = 0;
        for (int i = 0; i < want.length; i++) {
            if (Float.isNaN(got[i])) return Double.POSITIVE_INFINITY;
            num += (double) (got[i] - want[i]) * (got[i] - want[i]);
            den += (double) want[i] * want[i];
        }
        return Math.sqrt(num / den);
    }

    private static int kFor(GgmlType t) {
        return switch (t) {
            case Q4_K, Q6_K -> 768;      // K-quants need multiples of 256
            case Q8_0, Q4_0 -> 288;      // not a multiple of 256
            default -> 301;           // float types: exercises the k % 4 tail
        };
    }

    /** y = x . W^T for `rows` rows on backend b. */
    static float[] matmul(Backend b, MemorySegment w, GgmlType t, int n, int k, float[] x, int rows) {
        BackendBuffer wb = b.upload(t, new long[] {k, n}, w);
        BackendBuffer xb = floats(b, java.util.Arrays.copyOf(x, rows * k));
        BackendBuffer yb = b.allocate(GgmlType.F32, (long) rows * n);
        b.matmul(xb, wb, yb, rows);
        float[] y = read(b, yb, rows * n);
        wb.close(); xb.close(); yb.close();
        return y;
    }

    // ------------------------------------------------------------ matmul

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void matmulMatchesTheCpuAndIsBatchInvariant(GgmlType t) {
        int n = 67, k = kFor(t);
        MemorySegment w = weight(t, n, k);
        float[] x = gaussian(300 * k);
        float[] alone = matmul(gpu, w, t, n, k, x, 1), aloneQ8 = t.isQuantized() ? matmul(gpuQ8, w, t, n, k, x, 1) : null;
        for (int rows : new int[] {1, 7, 33, 300}) {
            float[] want = matmul(cpu, w, t, n, k, x, rows);
            float[] got = matmul(gpu, w, t, n, k, x, rows);
            assertTrue(relError(got, want) < 1e-5, t + " rows " + rows + ": rel error " + relError(got, want));
            assertArrayEquals(alone, java.util.Arrays.copyOf(got, n), t + ": row 0 alone vs in " + rows + " rows");
            if (t.isQuantized()) {
                float[] q8 = matmul(gpuQ8, w, t, n, k, x, rows);
                assertTrue(relError(q8, want) < 3e-2, t + " q8 rows " + rows + ": rel error " + relError(q8, want));
                // rows <= 8 use dp4a, more use the int8 mma kernel: the same bits either way
                assertArrayEquals(aloneQ8, java.util.Arrays.copyOf(q8, n), t + " q8: row 0 alone vs in " + rows + " rows");
            }
        }
    }

    // ------------------------------------------------------------ embedding

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void embeddingDequantisesExactlyAsTheCpu(GgmlType t) {
        int vocab = 50, dim = t.blockSize() == 256 ? 512 : 288;
        MemorySegment table = weight(t, vocab, dim);
        int[] ids = {3, 49, 0, 3, 17};
        float[][] out = new float[2][];
        Backend[] both = {cpu, gpu};
        for (int i = 0; i < 2; i++) {
            Backend b = both[i];
            BackendBuffer tb = b.upload(t, new long[] {dim, vocab}, table), idb = ints(b, ids), ob = b.allocate(GgmlType.F32, (long) ids.length * dim);
            b.embed(tb, idb, ids.length, ob);
            out[i] = read(b, ob, ids.length * dim);
            if (b == gpu) {
                BackendBuffer bad = ints(b, new int[] {vocab});
                // reported at the next point where the host waits for the device, not by the launch itself
                assertThrows(IllegalArgumentException.class, () -> { b.embed(tb, bad, 1, ob); b.synchronize(); });
                bad.close();
            }
            tb.close(); idb.close(); ob.close();
        }
        assertArrayEquals(out[0], out[1], t + " embedding");
    }

    // ------------------------------------------------------------ block ops

    @Test
    void normsRopeElementwiseAndGatherMatchTheCpu() {
        int rows = 7, dim = 288, heads = 6, headDim = 48;
        float[] x = gaussian(rows * dim), w = gaussian(dim), y = gaussian(rows * dim), bias = gaussian(dim);
        int[] pos = {0, 1, 2, 517, 4095, 9, 100};
        RopeSpec[] ropes = {RopeSpec.standard(RopeLayout.NORM, headDim, 10000.0), RopeSpec.standard(RopeLayout.NEOX, 32, 1_000_000.0)};
        float[][][] results = new float[2][][];
        Backend[] both = {cpu, gpu};
        for (int i = 0; i < 2; i++) {
            Backend b = both[i];
            BackendBuffer xb = floats(b, x), wb = floats(b, w), yb = floats(b, y), bb = floats(b, bias), out = b.allocate(GgmlType.F32, rows * dim);
            BackendBuffer pb = ints(b, pos), idx = ints(b, new int[] {6, 0, 3});
            b.rmsNorm(xb, wb, out, rows, 1e-5f);
            float[] norm = read(b, out, rows * dim);
            b.rope(out, pb, rows, heads, headDim, ropes[0]);
            float[] rope1 = read(b, out, rows * dim);
            b.rope(out, pb, rows, heads, headDim, ropes[1]);
            float[] rope2 = read(b, out, rows * dim);
            b.swiglu(xb, yb, out, (long) rows * dim);
            float[] swiglu = read(b, out, rows * dim);
            b.add(out, xb, (long) rows * dim);
            float[] add = read(b, out, rows * dim);
            b.addBias(out, bb, rows);
            float[] biased = read(b, out, rows * dim);
            b.gatherRows(out, idx, 3, dim, yb);
            float[] gathered = read(b, yb, 3 * dim);
            results[i] = new float[][] {norm, rope1, rope2, swiglu, add, biased, gathered};
            for (BackendBuffer buf : new BackendBuffer[] {xb, wb, yb, bb, out, pb, idx}) buf.close();
        }
        String[] names = {"rmsNorm", "rope norm", "rope neox partial", "swiglu", "add", "addBias", "gatherRows"};
        for (int j = 0; j < names.length; j++) {
            double err = relError(results[1][j], results[0][j]);
            assertTrue(err < 1e-6, names[j] + ": rel error " + err);
        }
    }

    @Test
    void pagedAttentionMatchesTheCpu() {
        AttentionLayout[] layouts = {new AttentionLayout(6, 2, 48, 16, (float) (1 / Math.sqrt(48)), 0),
                new AttentionLayout(6, 2, 48, 16, (float) (1 / Math.sqrt(48)), 20)};
        int[] lens = {37, 70};
        int blocksPerSeq = 5, kvDim = 2 * 48, qDim = 6 * 48;
        int[] tables = {7, 2, 9, 0, 4, 1, 8, 3, 6, 5};
        int rows = lens[0] + lens[1];
        int[] pos = new int[rows], offsets = new int[rows], slots = new int[rows];
        for (int s = 0, r = 0; s < 2; s++) {
            for (int p = 0; p < lens[s]; p++, r++) {
                pos[r] = p;
                offsets[r] = s * blocksPerSeq;
                slots[r] = tables[s * blocksPerSeq + p / 16] * 16 + p % 16;
            }
        }
        float[] k = gaussian(rows * kvDim), v = gaussian(rows * kvDim), q = gaussian(rows * qDim);
        for (AttentionLayout layout : layouts) {
            float[][] out = new float[2][];
            Backend[] both = {cpu, gpu};
            for (int i = 0; i < 2; i++) {
                Backend b = both[i];
                BackendBuffer kc = b.allocate(GgmlType.F32, kvDim, 10 * 16), vc = b.allocate(GgmlType.F32, kvDim, 10 * 16);
                BackendBuffer kb = floats(b, k), vb = floats(b, v), qb = floats(b, q), ob = b.allocate(GgmlType.F32, (long) rows * qDim);
                BackendBuffer pb = ints(b, pos), ofb = ints(b, offsets), sb = ints(b, slots), tb = ints(b, tables);
                b.storeKv(kb, vb, sb, rows, kc, vc);
                b.attention(qb, kc, vc, pb, tb, ofb, rows, layout, ob);
                out[i] = read(b, ob, rows * qDim);
                for (BackendBuffer buf : new BackendBuffer[] {kc, vc, kb, vb, qb, ob, pb, ofb, sb, tb}) buf.close();
            }
            double err = relError(out[1], out[0]);
            assertTrue(err < 1e-5, "attention window " + layout.slidingWindow() + ": rel error " + err);
        }
    }

    // ------------------------------------------------------------ graphs and errors

    @Test
    void aCapturedStepReplaysWithNewInputs() {
        int n = 64, k = 256, rows = 4;
        MemorySegment w = weight(GgmlType.Q8_0, n, k);
        BackendBuffer wb = gpu.upload(GgmlType.Q8_0, new long[] {k, n}, w);
        BackendBuffer xb = floats(gpu, gaussian(rows * k)), yb = gpu.allocate(GgmlType.F32, (long) rows * n), zb = floats(gpu, gaussian(rows * n));
        Runnable step = () -> { gpu.matmul(xb, wb, yb, rows); gpu.add(yb, zb, (long) rows * n); gpu.swiglu(yb, zb, yb, (long) rows * n); };
        step.run();  // warm-up: everything the step touches exists before capture
        try (CudaGraph graph = gpu.capture(step)) {
            float[] x2 = gaussian(rows * k);
            gpu.writeFloats(xb, 0, x2, 0, x2.length);
            step.run();
            float[] eager = read(gpu, yb, rows * n);
            gpu.writeFloats(xb, 0, x2, 0, x2.length);
            graph.replay();
            gpu.synchronize();
            assertArrayEquals(eager, read(gpu, yb, rows * n));
        }
        wb.close(); xb.close(); yb.close(); zb.close();
    }

    @Test
    void runningOutOfDeviceMemoryIsAClearError() {
        dev.lightbulb.LightbulbException e = assertThrows(dev.lightbulb.LightbulbException.class, () -> gpu.allocate(GgmlType.F32, 1L << 40));
        assertTrue(e.getMessage().contains("out of GPU memory"), e.getMessage());
        // and the backend still works afterwards
        BackendBuffer b = floats(gpu, new float[] {1f, 2f});
        assertArrayEquals(new float[] {1f, 2f}, read(gpu, b, 2));
        b.close();
    }

    // ------------------------------------------------------------ sampling

    @Test
    void samplerDrawsTheSameTokensAsTheCpuSampler() {
        int vocab = 32003, rows = 256;
        float[] logits = new float[rows * vocab];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (2.5 * random.nextGaussian());
        SampleRow[] sampleRows = new SampleRow[rows];
        for (int r = 0; r < rows; r++) {
            SamplingParams p = switch (r % 6) {
                case 0 -> SamplingParams.GREEDY;
                case 1 -> new SamplingParams(0.8f, 40, 1f, 0f, 1f, 0f, r);
                case 2 -> new SamplingParams(1.0f, 0, 0.9f, 0f, 1.1f, 0.5f, r);
                case 3 -> new SamplingParams(0.7f, 0, 1f, 0.05f, 1f, 0f, r);
                case 4 -> new SamplingParams(1.3f, 0, 1f, 0f, 1f, 0f, r);          // pure temperature
                default -> new SamplingParams(0.9f, 50, 0.95f, 0.02f, 1.2f, 0.2f, r);
            };
            sampleRows[r] = new SampleRow(p, 1000L * r + 7, new int[] {r, r + 1, r, 31999});
        }
        BackendBuffer lc = floats(cpu, logits), lg = floats(gpu, logits);
        SampledToken[] want = cpu.sample(lc, vocab, sampleRows), got = gpu.sample(lg, vocab, sampleRows);
        for (int r = 0; r < rows; r++) {
            assertEquals(want[r].token(), got[r].token(), "row " + r + " " + sampleRows[r].params());
            assertEquals(want[r].logProb(), got[r].logProb(), 1e-5, "row " + r + " logprob");
        }
        // A row's draw does not depend on its batch mates.
        SampledToken[] alone = gpu.sample(floats(gpu, java.util.Arrays.copyOfRange(logits, 5 * vocab, 6 * vocab)), vocab, new SampleRow[] {sampleRows[5]});
        assertEquals(got[5], alone[0]);
        lc.close();
        lg.close();
    }
}
