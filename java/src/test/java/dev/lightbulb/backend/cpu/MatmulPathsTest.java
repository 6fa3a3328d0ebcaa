package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every matmul path (fused dots for one row, the four-row tiles and the leftover rows for several) gives, for every
 * output, the bits of the plain path: decode the weight row with the reference codec, {@link VectorDot#dot} it with
 * the activation row. Random shapes: row counts 1 to 9, output counts that are and are not multiples of the tile.
 * The Java kernels here; {@link NativeMatmulTest} runs the same check on the native ones.
 */
class MatmulPathsTest {

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void everyOutputIsBitIdenticalToDecodeThenDot(GgmlType type) {
        check(new CpuBackend(false), type, 6, type.ordinal() + 100L);
    }

    /** {@code trials} random matmuls of {@code type} on {@code cpu}, each output against decode-then-dot. */
    static void check(CpuBackend cpu, GgmlType type, int trials, long seed) {
        check(cpu, type, trials, seed, 1);
    }

    /** As above with rows of at least {@code kAtLeast} elements (spanning several of the native kernel's k spans). */
    static void check(CpuBackend cpu, GgmlType type, int trials, long seed, int kAtLeast) {
        Random random = new Random(seed);
        for (int trial = 0; trial < trials; trial++) {
            int block = type.blockSize();
            int blocksAtLeast = (kAtLeast + block - 1) / block;
            int k = block == 1 ? kAtLeast + random.nextInt(300)
                    : block * (blocksAtLeast + random.nextInt(block == 256 ? 4 : 24));
            int n = 1 + random.nextInt(trial < 3 ? 40 : 700);   // past the parallel threshold now and then
            int rows = 1 + random.nextInt(9);
            float[] values = new float[k * n];
            for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
            HostTensor wt = type == GgmlType.F32 ? HostTensor.ofFloats("w", values, k, n) : HostTensor.quantize("w", type, values, k, n);
            float[] x = new float[rows * k];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            BackendBuffer w = cpu.upload(type, wt.shape(), wt.data());
            BackendBuffer xb = cpu.allocate(GgmlType.F32, k, rows), yb = cpu.allocate(GgmlType.F32, n, rows);
            cpu.writeFloats(xb, 0, x, 0, x.length);
            cpu.matmul(xb, w, yb, rows);
            float[] y = new float[rows * n];
            cpu.readFloats(yb, 0, y, 0, y.length);
            float[] decoded = new float[k];
            for (int j = 0; j < n; j++) {
                BlockCodec.of(type).dequantize(wt.data(), type.bytesFor(k) * j, decoded, 0, k);
                for (int r = 0; r < rows; r++) {
                    float expected = VectorDot.dot(decoded, 0, x, r * k, k);
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[r * n + j]),
                            type + " k=" + k + " n=" + n + " rows=" + rows + " output (" + r + ", " + j + ")");
                }
            }
        }
    }
}
