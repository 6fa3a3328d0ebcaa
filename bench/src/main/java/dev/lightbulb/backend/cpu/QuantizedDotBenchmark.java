package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.openjdk.jmh.annotations.*;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One thread, one activation row: the dot products of every row of a 1024 x 4096 quantised matrix with one
 * activation vector (decode's matrix-vector product), ns per weight row. {@code old} is the path before the fused
 * kernels (decode the row with {@link RowDecoder}, or the first fused Q8_0 dot, then {@link VectorDot#dot});
 * {@code fused} unpacks each row into a {@link QuantizedRow} and dots it there. Both give the same bits (tested). Lives in the backend's package to reach
 * its package-private kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class QuantizedDotBenchmark {
    private static final int K = 4096, N = 1024;

    @Param({"Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    public String type;

    @Param({"old", "fused"})
    public String kernel;

    private GgmlType t;
    private MemorySegment w;
    private long rowBytes;
    private QuantizedRow unpacked;
    private final float[] x = new float[K], row = new float[K], y = new float[N];

    @Setup
    public void setup() {
        t = GgmlType.valueOf(type);
        Random random = new Random(1);
        float[] values = new float[K * N];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextGaussian();
        for (int i = 0; i < K; i++) x[i] = (float) random.nextGaussian();
        w = HostTensor.quantize("w", t, values, K, N).data();
        rowBytes = t.bytesFor(K);
        unpacked = new QuantizedRow(t, K);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float[] matrixVector() {
        boolean fused = kernel.equals("fused");
        for (int j = 0; j < N; j++) {
            if (fused) y[j] = unpacked.unpack(t, w, rowBytes * j).dot(x, 0);
            else if (t == GgmlType.Q8_0) y[j] = VectorDot.dotQ8_0(w, rowBytes * j, x, 0, K);
            else {
                RowDecoder.decode(t, w, rowBytes * j, row, K);
                y[j] = VectorDot.dot(row, 0, x, 0, K);
            }
        }
        return y;
    }
}
