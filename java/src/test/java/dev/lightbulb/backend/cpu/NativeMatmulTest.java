package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native AVX-512 matmul gives, for every output, the bits of decode-then-{@link VectorDot#dot} (the Java
 * kernels' definition), on random shapes: F32 rows of any length (whole groups of four chunks, leftover chunks,
 * leftover elements), 1 to 9 activation rows, output counts off the four-row tile. Where the library is absent
 * or the CPU lacks AVX-512 the tests are skipped, saying why; CI builds the library and sets
 * {@code -Dlightbulb.requireNativeCpu=true}, which turns that skip into a failure.
 */
class NativeMatmulTest {

    @BeforeAll
    static void libraryLoaded() {
        boolean required = Boolean.getBoolean("lightbulb.requireNativeCpu");
        if (required) assertTrue(NativeMatmul.available(), NativeLibrary.describe());
        assumeTrue(NativeMatmul.available(), "skipped: " + NativeLibrary.describe());
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void everyOutputIsBitIdenticalToDecodeThenDot(GgmlType type) {
        CpuBackend cpu = new CpuBackend(true);
        assertTrue(cpu.device().contains("native"), cpu.device());
        MatmulPathsTest.check(cpu, type, 12, type.ordinal() + 7000L);
    }

    /** Rows longer than 1024 floats, cut into k spans of 512: the accumulators carry over from span to span in order. */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void rowsOfSeveralSpansAreBitIdenticalToo(GgmlType type) {
        MatmulPathsTest.check(new CpuBackend(true), type, 6, type.ordinal() + 7100L, 1100);
    }

    @Test
    void aPartialRangeOfOutputsWritesOnlyThoseOutputs() {
        int k = 64, n = 8;
        float[] w = new float[k * n], x = new float[2 * k];
        for (int i = 0; i < w.length; i++) w[i] = i % 7 - 3;
        for (int i = 0; i < x.length; i++) x[i] = i % 5 - 2;
        float[] y = new float[2 * n];
        java.util.Arrays.fill(y, Float.NaN);
        NativeMatmul.matmul(GgmlType.F32, MemorySegment.ofArray(w), 4L * k, k, x, 2, y, n, 3, 6);
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < n; j++) {
                if (j < 3 || j >= 6) assertTrue(Float.isNaN(y[r * n + j]), "output (" + r + ", " + j + ") was written");
                else assertEquals(VectorDot.dot(w, j * k, x, r * k, k), y[r * n + j]);
            }
        }
    }

    @Test
    void aRowLengthOffTheBlockSizeIsRefusedNotRead() {
        float[] x = new float[40], y = new float[1];
        MemorySegment w = MemorySegment.ofArray(new byte[34 * 2]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NativeMatmul.matmul(GgmlType.Q8_0, w, 34, 40, x, 1, y, 1, 0, 1));
        assertTrue(e.getMessage().contains("k = 40"), e.getMessage());
    }
}
