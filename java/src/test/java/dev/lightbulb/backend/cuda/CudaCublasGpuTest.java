package dev.lightbulb.backend.cuda;

import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.tensor.Bf16;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.BlockCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;

import static dev.lightbulb.backend.cuda.CudaBackendGpuTest.floats;
import static dev.lightbulb.backend.cuda.CudaBackendGpuTest.matmul;
import static dev.lightbulb.backend.cuda.CudaBackendGpuTest.read;
import static dev.lightbulb.backend.cuda.CudaBackendGpuTest.relError;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * cuBLAS (matmul mode CUBLAS) against lightbulb's own {@code lb_matmul_*} kernels and the CPU backend, on random
 * inputs, odd and aligned shapes, 1 to 300 rows. Runs only where a GPU answers; there, cuBLAS not loading is a
 * failure with the loader's message (bench/gpu/run.sh sets LD_LIBRARY_PATH for it), not a skip.
 */
@Tag("gpu")
class CudaCublasGpuTest {
    private static CudaBackend kernels, viaCublas;
    private static final CpuBackend cpu = new CpuBackend();
    private final Random random = new Random(11);

    /** (n, k): odd sizes (no tensor-core alignment) and the aligned sizes of real models. */
    private static final int[][] SHAPES = {{67, 301}, {96, 512}};
    private static final int[] ROWS = {1, 7, 64, 300};

    @BeforeAll
    static void open() {
        assumeTrue(CudaBackend.isAvailable(), "no CUDA device: " + CudaBackend.unavailableReason());
        kernels = CudaBackend.open(CudaBackend.MatmulMode.FLOAT_ACTIVATIONS);
        viaCublas = CudaBackend.open(CudaBackend.MatmulMode.CUBLAS);
        System.out.println("cuBLAS mode: " + viaCublas.device());
    }

    @AfterAll
    static void close() {
        if (kernels != null) kernels.close();
        if (viaCublas != null) viaCublas.close();
    }

    /**
     * Relative L2 error allowed against the CPU: F32 is fp32 throughout; F16 / BF16 round x to 11 / 8 significant
     * bits (relative 2^-11 / 2^-8 at most); TF32 rounds both x and W to 11 bits.
     */
    private static double tolerance(Cublas.Inputs inputs) {
        return switch (inputs) {
            case F32 -> 1e-5;
            case F16 -> 2e-3;
            case TF32 -> 3e-3;
            case BF16 -> 1e-2;
        };
    }

    private float[] gaussian(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) random.nextGaussian();
        return f;
    }

    private MemorySegment weight(GgmlType type, int n, int k) {
        MemorySegment seg = Arena.ofAuto().allocate(type.bytesFor((long) n * k));
        BlockCodec.of(type).quantize(gaussian(n * k), 0, n * k, seg, 0);
        return seg;
    }

    /** y = x · Wᵀ through {@link CublasMatmul#multiply} or, for TF32, the bare seam: cuBLAS at any row count. */
    private static float[] cublas(MemorySegment w, GgmlType t, Cublas.Inputs inputs, int n, int k, float[] x, int rows) {
        CudaBuffer wb = (CudaBuffer) viaCublas.upload(t, new long[] {k, n}, w);
        CudaBuffer xb = (CudaBuffer) floats(viaCublas, Arrays.copyOf(x, rows * k));
        CudaBuffer yb = (CudaBuffer) viaCublas.allocate(GgmlType.F32, (long) rows * n);
        if (inputs == Cublas.Inputs.TF32) viaCublas.cublas().cublas().gemm(inputs, wb.pointer, xb.pointer, yb.pointer, rows, n, k);
        else viaCublas.cublas().multiply(wb, xb, yb, rows);
        float[] y = read(viaCublas, yb, rows * n);
        wb.close(); xb.close(); yb.close();
        return y;
    }

    @ParameterizedTest
    @EnumSource(value = Cublas.Inputs.class)
    void gemmMatchesTheKernelsAndTheCpu(Cublas.Inputs inputs) {
        GgmlType t = switch (inputs) {
            case F32, TF32 -> GgmlType.F32;
            case F16 -> GgmlType.F16;
            case BF16 -> GgmlType.BF16;
        };
        for (int[] shape : SHAPES) {
            int n = shape[0], k = shape[1];
            MemorySegment w = weight(t, n, k);
            float[] x = gaussian(300 * k);
            for (int rows : ROWS) {
                String where = inputs + " n " + n + " k " + k + " rows " + rows;
                float[] want = matmul(cpu, w, t, n, k, x, rows);
                float[] ours = matmul(kernels, w, t, n, k, x, rows);
                float[] got = cublas(w, t, inputs, n, k, x, rows);
                assertTrue(relError(ours, want) < 1e-5, where + ": the kernel against the CPU " + relError(ours, want));
                assertTrue(relError(got, want) < tolerance(inputs), where + ": cuBLAS against the CPU " + relError(got, want));
                assertTrue(relError(got, ours) < tolerance(inputs), where + ": cuBLAS against the kernel " + relError(got, ours));
            }
        }
    }

    @Test
    void theModeSendsOnlyPrefillSizedFloatAndHalfMatmulsToCublas() {
        int n = 96, k = 512;
        float[] x = gaussian(300 * k);
        for (GgmlType t : new GgmlType[] {GgmlType.F16, GgmlType.BF16, GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_K}) {
            MemorySegment w = weight(t, n, k);
            for (int rows : ROWS) {
                float[] ours = matmul(kernels, w, t, n, k, x, rows);
                float[] mode = matmul(viaCublas, w, t, n, k, x, rows);
                if (CublasMatmul.takes(t, rows)) {
                    float[] want = matmul(cpu, w, t, n, k, x, rows);
                    Cublas.Inputs inputs = Cublas.Inputs.valueOf(t.name());
                    assertTrue(relError(mode, want) < tolerance(inputs), t + " rows " + rows + ": " + relError(mode, want));
                } else {
                    assertArrayEquals(ours, mode, t + " rows " + rows + ": below " + CublasMatmul.MIN_ROWS + " rows or quantised, the kernels");
                }
            }
        }
        assertTrue(viaCublas.device().contains("cuBLAS"), viaCublas.device());
    }

    @Test
    void activationsRoundToHalfTypesAsJavaDoes() {
        float[] x = gaussian(1001);
        float[] special = {65504f, 65519.99f, 65520f, -70000f, 1e-8f, 6e-8f, -3e-5f, 0f, -0f, 1e38f, 3.4e38f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 1.00048828125f, 1.000732421875f};
        for (int i = 0; i < x.length; i++) x[i] *= (float) Math.pow(10, random.nextInt(13) - 6);
        System.arraycopy(special, 0, x, 0, special.length);
        for (GgmlType t : new GgmlType[] {GgmlType.F16, GgmlType.BF16}) {
            BackendBuffer in = floats(viaCublas, x);
            BackendBuffer out = viaCublas.allocate(GgmlType.I32, (x.length + 1) / 2);
            viaCublas.launch("lb_convert_f32_" + CudaBackend.suffix(t), (x.length + 255) / 256, 1, 256,
                    new KernelArgs().ptr(((CudaBuffer) in).pointer).ptr(((CudaBuffer) out).pointer).i64(x.length));
            int[] words = new int[(x.length + 1) / 2];
            viaCublas.readInts(out, 0, words, 0, words.length);
            for (int i = 0; i < x.length; i++) {
                short got = (short) (words[i / 2] >>> (16 * (i % 2)));
                short want = t == GgmlType.F16 ? Float.floatToFloat16(x[i]) : Bf16.fromFloat(x[i]);
                assertEquals(want, got, t + " of " + x[i] + " (element " + i + ")");
            }
            in.close();
            out.close();
        }
    }
}
