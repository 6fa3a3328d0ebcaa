package dev.lightbulb.bench;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Seeded random operands of the CPU matmul benchmarks ({@code MatmulBenchmark}, {@code NativeMatmulBenchmark}). */
public final class MatmulOperands {
    private MatmulOperands() {}

    /** The weights, activations and output of one benchmarked matmul {@code y[rows, n] = x[rows, k] · Wᵀ}. */
    public record Buffers(BackendBuffer x, BackendBuffer w, BackendBuffer y) {}

    /** Seeded (1) weights of {@code type} and Gaussian activations on {@code backend}; {@code shape} is "k x n". */
    public static Buffers upload(Backend backend, GgmlType type, String shape, int rows) {
        String[] kn = shape.split("x");
        int k = Integer.parseInt(kn[0]), n = Integer.parseInt(kn[1]);
        Random random = new Random(1);
        BackendBuffer w = backend.upload(type, new long[] {k, n}, weights(type, k, n, random));
        float[] xs = gaussian(rows * k, random);
        BackendBuffer x = backend.allocate(GgmlType.F32, k, rows);
        backend.writeFloats(x, 0, xs, 0, xs.length);
        return new Buffers(x, w, backend.allocate(GgmlType.F32, n, rows));
    }

    /**
     * A weight matrix of {@code n} rows of {@code k} weights of type {@code t} (ggml layout): 64 distinct Gaussian rows
     * quantised with the reference quantiser and tiled, the same bytes per row as a full matrix with a far faster setup.
     */
    public static MemorySegment weights(GgmlType t, int k, int n, Random random) {
        int distinct = 64;
        HostTensor block = HostTensor.quantize("w", t, gaussian(distinct * k, random), k, distinct);
        long rowBytes = t.bytesFor(k);
        MemorySegment all = Arena.ofAuto().allocate(rowBytes * n, 64);
        for (int r = 0; r < n; r++) MemorySegment.copy(block.data(), (r % distinct) * rowBytes, all, r * rowBytes, rowBytes);
        return all;
    }

    /** {@code count} standard Gaussian floats. */
    public static float[] gaussian(int count, Random random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float) random.nextGaussian();
        return values;
    }
}
