package dev.lightbulb.backend.cpu;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Every CPU op against {@link ScalarReference} on random inputs, odd shapes included. */
class CpuBackendTest {
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final CpuBackend cpu = new CpuBackend();
    private final Random random = new Random(20261122);

    private float[] randomFloats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) random.nextGaussian();
        return f;
    }

    private BackendBuffer floats(float[] values, long... shape) {
        BackendBuffer b = cpu.allocate(GgmlType.F32, shape);
        cpu.writeFloats(b, 0, values, 0, values.length);
        return b;
    }

    private BackendBuffer ints(int[] values) {
        BackendBuffer b = cpu.allocate(GgmlType.I32, values.length);
        cpu.writeInts(b, 0, values, 0, values.length);
        return b;
    }

    private float[] read(BackendBuffer b, int n) {
        float[] f = new float[n];
        cpu.readFloats(b, 0, f, 0, n);
        return f;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Stores {@code values} as a plain-float GGML type; returns the values the stored bits stand for. */
    private static float[] storePlain(GgmlType type, float[] values, MemorySegment dst) {
        float[] stored = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            switch (type) {
                case F32 -> { dst.set(LE_FLOAT, 4L * i, values[i]); stored[i] = values[i]; }
                case F16 -> { short h = Float.floatToFloat16(values[i]); dst.set(LE_SHORT, 2L * i, h); stored[i] = Float.float16ToFloat(h); }
                case BF16 -> { int bits = Float.floatToIntBits(values[i]) >>> 16; dst.set(LE_SHORT, 2L * i, (short) bits); stored[i] = Float.intBitsToFloat(bits << 16); }
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        return stored;
    }

    private static void assertClose(double[] expected, float[] actual, double[] magnitude, double relTol, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tol = relTol * Math.max(1, magnitude == null ? Math.abs(expected[i]) : magnitude[i]);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    () -> what + ": expected " + java.util.Arrays.toString(expected).substring(0, 40) + "…, differs beyond " + relTol);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16"})
    void matmulOfPlainTypesMatchesTheScalarReference(GgmlType type) {
        int[][] shapes = {{1, 1, 1}, {3, 37, 13}, {8, 172, 64}, {5, 300, 7}, {2, 64, 512}};
        for (int[] s : shapes) {
            int rows = s[0], k = s[1], n = s[2];
            float[] x = randomFloats(rows * k), w = randomFloats(n * k);
            MemorySegment seg = Arena.ofAuto().allocate(type.bytesFor((long) n * k));
            float[] stored = storePlain(type, w, seg);
            BackendBuffer wb = cpu.upload(type, new long[] {k, n}, seg);
            BackendBuffer y = cpu.allocate(GgmlType.F32, n, rows + 2);   // larger than needed on purpose
            cpu.matmul(floats(x, k, rows), wb, y, rows);
            double[] expected = ScalarReference.matmul(toDouble(x), rows, toDouble(stored), n, k);
            double[] magnitude = ScalarReference.matmul(abs(x), rows, abs(stored), n, k);
            assertClose(expected, read(y, rows * n), magnitude, 1e-5, type + " matmul " + rows + "x" + k + "x" + n);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q5_0", "Q4_K", "Q6_K"})
    void matmulOfQuantisedTypesMatchesDequantiseThenMultiply(GgmlType type) {
        int[][] shapes = {{1, 256, 3}, {3, 512, 17}, {8, 768, 40}};
        for (int[] s : shapes) {
            int rows = s[0], k = s[1], n = s[2];
            float[] x = randomFloats(rows * k);
            HostTensor w = HostTensor.quantize("w", type, randomFloats(n * k), k, n);
            float[] stored = w.toFloatArray();
            BackendBuffer wb = cpu.upload(type, w.shape(), w.data());
            BackendBuffer y = cpu.allocate(GgmlType.F32, n, rows);
            cpu.matmul(floats(x, k, rows), wb, y, rows);
            double[] expected = ScalarReference.matmul(toDouble(x), rows, toDouble(stored), n, k);
            double[] magnitude = ScalarReference.matmul(abs(x), rows, abs(stored), n, k);
            assertClose(expected, read(y, rows * n), magnitude, 1e-5, type + " matmul " + rows + "x" + k + "x" + n);

            int[] tokens = {n - 1, 0};
            BackendBuffer e = cpu.allocate(GgmlType.F32, k, 2);
            cpu.embed(wb, ints(tokens), 2, e);
            float[] got = read(e, 2 * k);
            for (int i = 0; i < k; i++) assertEquals(stored[(n - 1) * k + i], got[i], 0f);
        }
    }

    private static double[] abs(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = Math.abs(f[i]);
        return d;
    }

    /** A buffer the heap or a Java array cannot hold is a user error in words, never an OutOfMemoryError. */
    @Test
    void buffersBeyondTheHeapOrAnArrayAreUserErrors() {
        try (CpuBackend b = new CpuBackend()) {
            LightbulbException e = assertThrows(LightbulbException.class, () -> b.allocate(GgmlType.F32, 1L << 20, 1L << 12));
            assertTrue(e.getMessage().contains("at most 2^31 elements in one buffer"), e.getMessage());
            assertTrue(b.availableMemory() > 0 && b.availableMemory() <= Runtime.getRuntime().maxMemory());
            org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < (7L << 30), "a heap this large might hold 8 GiB");
            e = assertThrows(LightbulbException.class, () -> b.allocate(GgmlType.F32, Integer.MAX_VALUE - 16));
            assertTrue(e.getMessage().startsWith("the cpu backend cannot allocate 8.00 GiB") && e.getMessage().contains("-Xmx"), e.getMessage());
        }
    }

    @Test
    void matmulRowsAreBitIdenticalWhateverTheBatch() {
        int k = 1000, n = 300, rows = 9;
        float[] x = randomFloats(rows * k);
        BackendBuffer w = floats(randomFloats(n * k), k, n);
        BackendBuffer yBatch = cpu.allocate(GgmlType.F32, n, rows);
        cpu.matmul(floats(x, k, rows), w, yBatch, rows);
        float[] batch = read(yBatch, rows * n);
        for (int r = 0; r < rows; r++) {
            BackendBuffer yOne = cpu.allocate(GgmlType.F32, n);
            cpu.matmul(floats(java.util.Arrays.copyOfRange(x, r * k, (r + 1) * k), k), w, yOne, 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(batch, r * n, (r + 1) * n), read(yOne, n), 0f, "row " + r);
        }
    }

    /** Parallel streams run in the calling pool: the same matmul in pools of 1 and 7 threads gives the same bits. */
    @Test
    void matmulDoesNotDependOnTheThreadCount() throws Exception {
        int k = 512, n = 1000, rows = 3;
        HostTensor w = HostTensor.quantize("w", GgmlType.Q8_0, randomFloats(n * k), k, n);
        BackendBuffer wb = cpu.upload(GgmlType.Q8_0, w.shape(), w.data());
        float[] x = randomFloats(rows * k);
        float[][] results = new float[2][];
        int[] threads = {1, 7};
        for (int t = 0; t < 2; t++) {
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads[t]);
            try {
                results[t] = pool.submit(() -> {
                    BackendBuffer y = cpu.allocate(GgmlType.F32, n, rows);
                    cpu.matmul(floats(x, k, rows), wb, y, rows);
                    return read(y, rows * n);
                }).get();
            } finally {
                pool.shutdown();
            }
        }
        assertArrayEquals(results[0], results[1], 0f);
    }

    @Test
    void rmsNormMatchesTheScalarReference() {
        int rows = 3, dim = 67;
        float[] x = randomFloats(rows * dim), w = randomFloats(dim);
        BackendBuffer out = cpu.allocate(GgmlType.F32, dim, rows);
        cpu.rmsNorm(floats(x, dim, rows), floats(w, dim), out, rows, 1e-5f);
        assertClose(ScalarReference.rmsNorm(toDouble(x), rows, toDouble(w), 1e-5), read(out, rows * dim), null, 1e-5, "rmsNorm");
    }

    @ParameterizedTest
    @EnumSource(RopeLayout.class)
    void ropeMatchesTheScalarReferenceIncludingPartialRotary(RopeLayout layout) {
        int rows = 4, heads = 3;
        for (int[] dims : new int[][] {{8, 8}, {12, 8}, {64, 64}}) {
            int headDim = dims[0], rotary = dims[1];
            RopeSpec spec = RopeSpec.standard(layout, rotary, 10000);
            int[] positions = {0, 1, 77, 4095};
            float[] x = randomFloats(rows * heads * headDim);
            BackendBuffer xb = floats(x, (long) heads * headDim, rows);
            cpu.rope(xb, ints(positions), rows, heads, headDim, spec);
            double[] expected = ScalarReference.rope(toDouble(x), positions, heads, headDim, spec);
            assertClose(expected, read(xb, x.length), null, 2e-5, layout + " rope " + headDim + "/" + rotary);
        }
    }

    @Test
    void swigluAddBiasAndResidualMatchTheirDefinitions() {
        int rows = 3, n = 41;
        float[] g = randomFloats(rows * n), u = randomFloats(rows * n), bias = randomFloats(n);
        BackendBuffer out = cpu.allocate(GgmlType.F32, n, rows);
        cpu.swiglu(floats(g, n, rows), floats(u, n, rows), out, (long) rows * n);
        double[] expected = new double[rows * n];
        for (int i = 0; i < expected.length; i++) expected[i] = ScalarReference.silu(g[i]) * u[i];
        assertClose(expected, read(out, rows * n), null, 1e-6, "swiglu");

        cpu.addBias(out, floats(bias, n), rows);
        for (int i = 0; i < expected.length; i++) expected[i] += bias[i % n];
        assertClose(expected, read(out, rows * n), null, 1e-6, "addBias");

        cpu.add(out, floats(u, n, rows), (long) rows * n);
        for (int i = 0; i < expected.length; i++) expected[i] += u[i];
        assertClose(expected, read(out, rows * n), null, 1e-6, "add");
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16"})
    void embedAndGatherCopyTheRightRows(GgmlType type) {
        int dim = 24, vocab = 50;
        MemorySegment seg = Arena.ofAuto().allocate(type.bytesFor((long) dim * vocab));
        float[] stored = storePlain(type, randomFloats(dim * vocab), seg);
        BackendBuffer table = cpu.upload(type, new long[] {dim, vocab}, seg);
        int[] tokens = {7, 0, 49, 7};
        BackendBuffer out = cpu.allocate(GgmlType.F32, dim, tokens.length);
        cpu.embed(table, ints(tokens), tokens.length, out);
        float[] got = read(out, dim * tokens.length);
        for (int r = 0; r < tokens.length; r++)
            for (int i = 0; i < dim; i++) assertEquals(stored[tokens[r] * dim + i], got[r * dim + i], 0f);

        BackendBuffer picked = cpu.allocate(GgmlType.F32, dim, 2);
        cpu.gatherRows(out, ints(new int[] {2, 0}), 2, dim, picked);
        float[] p = read(picked, 2 * dim);
        for (int i = 0; i < dim; i++) {
            assertEquals(stored[49 * dim + i], p[i], 0f);
            assertEquals(stored[7 * dim + i], p[dim + i], 0f);
        }
        assertThrows(IllegalArgumentException.class, () -> cpu.embed(table, ints(new int[] {vocab}), 1, out));
    }

    /**
     * Two sequences with shuffled block tables; one is prefilled as a chunk of 5 rows, the other decodes one row,
     * in the same step. Each row must equal attention over its own sequence's prefix — and be bit-identical to
     * the same row computed alone.
     */
    @Test
    void pagedAttentionMatchesTheScalarReferenceForMixedPrefillAndDecode() {
        AttentionLayout layout = new AttentionLayout(6, 2, 8, 4, (float) (1 / Math.sqrt(8)), 0);
        int kvDim = layout.kvDim(), qDim = layout.queryDim(), blocks = 16;
        BackendBuffer kc = cpu.allocate(GgmlType.F32, kvDim, (long) blocks * layout.blockSize());
        BackendBuffer vc = cpu.allocate(GgmlType.F32, kvDim, (long) blocks * layout.blockSize());
        List<Integer> free = new ArrayList<>();
        for (int b = 0; b < blocks; b++) free.add(b);
        Collections.shuffle(free, random);
        int[] tableA = {free.get(0), free.get(1), free.get(2)}, tableB = {free.get(3), free.get(4), free.get(5), free.get(6)};
        int[] tables = new int[tableA.length + tableB.length];
        System.arraycopy(tableA, 0, tables, 0, tableA.length);
        System.arraycopy(tableB, 0, tables, tableA.length, tableB.length);

        // history: sequence A has 6 earlier positions, B has 13; both are written into the cache first
        int lenA = 6, lenB = 13;
        float[] histKA = randomFloats(lenA * kvDim), histVA = randomFloats(lenA * kvDim);
        float[] histKB = randomFloats(lenB * kvDim), histVB = randomFloats(lenB * kvDim);
        store(kc, vc, histKA, histVA, tableA, 0, lenA, layout.blockSize());
        store(kc, vc, histKB, histVB, tableB, 0, lenB, layout.blockSize());

        // the step: A gets a 5-row prefill chunk (positions 6..10), B one decode row (position 13)
        int rows = 6;
        float[] newK = randomFloats(rows * kvDim), newV = randomFloats(rows * kvDim), q = randomFloats(rows * qDim);
        int[] positions = {6, 7, 8, 9, 10, 13};
        int[] offsets = {0, 0, 0, 0, 0, tableA.length};
        int[] slots = new int[rows];
        for (int r = 0; r < rows; r++) {
            int[] t = r < 5 ? tableA : tableB;
            slots[r] = t[positions[r] / layout.blockSize()] * layout.blockSize() + positions[r] % layout.blockSize();
        }
        cpu.storeKv(floats(newK, kvDim, rows), floats(newV, kvDim, rows), ints(slots), rows, kc, vc);
        BackendBuffer out = cpu.allocate(GgmlType.F32, qDim, rows);
        BackendBuffer posB = ints(positions), tabB = ints(tables), offB = ints(offsets);
        cpu.attention(floats(q, qDim, rows), kc, vc, posB, tabB, offB, rows, layout, out);
        float[] got = read(out, rows * qDim);

        for (int r = 0; r < rows; r++) {
            boolean a = r < 5;
            int len = positions[r] + 1;
            double[] keys = new double[len * kvDim], values = new double[len * kvDim];
            float[] hk = a ? histKA : histKB, hv = a ? histVA : histVB;
            int histLen = a ? lenA : lenB;
            for (int t = 0; t < len; t++) {
                for (int j = 0; j < kvDim; j++) {
                    int newRow = a ? t - lenA : rows - 1;
                    keys[t * kvDim + j] = t < histLen ? hk[t * kvDim + j] : newK[newRow * kvDim + j];
                    values[t * kvDim + j] = t < histLen ? hv[t * kvDim + j] : newV[newRow * kvDim + j];
                }
            }
            double[] expected = ScalarReference.attention(toDouble(java.util.Arrays.copyOfRange(q, r * qDim, (r + 1) * qDim)), keys, values, len, layout);
            float[] row = java.util.Arrays.copyOfRange(got, r * qDim, (r + 1) * qDim);
            assertClose(expected, row, null, 1e-5, "attention row " + r);

            BackendBuffer alone = cpu.allocate(GgmlType.F32, qDim);
            cpu.attention(floats(java.util.Arrays.copyOfRange(q, r * qDim, (r + 1) * qDim), qDim), kc, vc,
                    ints(new int[] {positions[r]}), tabB, ints(new int[] {offsets[r]}), 1, layout, alone);
            assertArrayEquals(row, read(alone, qDim), 0f, "row " + r + " alone vs in batch");
        }
    }

    @Test
    void slidingWindowHidesOldPositions() {
        AttentionLayout full = new AttentionLayout(1, 1, 4, 8, 0.5f, 0);
        AttentionLayout window = new AttentionLayout(1, 1, 4, 8, 0.5f, 3);
        BackendBuffer kc = cpu.allocate(GgmlType.F32, 4, 8), vc = cpu.allocate(GgmlType.F32, 4, 8);
        float[] k = randomFloats(6 * 4), v = randomFloats(6 * 4);
        cpu.storeKv(floats(k, 4, 6), floats(v, 4, 6), ints(new int[] {0, 1, 2, 3, 4, 5}), 6, kc, vc);
        float[] q = randomFloats(4);
        BackendBuffer out = cpu.allocate(GgmlType.F32, 4);
        cpu.attention(floats(q, 4), kc, vc, ints(new int[] {5}), ints(new int[] {0}), ints(new int[] {0}), 1, window, out);
        double[] keys = new double[12], values = new double[12];
        for (int i = 0; i < 12; i++) { keys[i] = k[12 + i]; values[i] = v[12 + i]; }
        assertClose(ScalarReference.attention(toDouble(q), keys, values, 3, full), read(out, 4), null, 1e-5, "window of 3");
    }

    private void store(BackendBuffer kc, BackendBuffer vc, float[] k, float[] v, int[] table, int from, int len, int bs) {
        int kvDim = (int) kc.rowLength();
        int[] slots = new int[len];
        for (int t = 0; t < len; t++) slots[t] = table[(from + t) / bs] * bs + (from + t) % bs;
        cpu.storeKv(floats(k, kvDim, len), floats(v, kvDim, len), ints(slots), len, kc, vc);
    }
}
