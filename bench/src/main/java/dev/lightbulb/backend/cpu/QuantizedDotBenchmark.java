package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;
import org.openjdk.jmh.annotations.*;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One thread, one activation row: the dot products of every row of a 8192 x 4096 quantised matrix with one
 * activation vector (decode's matrix-vector product), ns per weight row. {@code decode} decodes each row with
 * {@link RowDecoder} and calls {@link VectorDot#dot} (the path before the fused kernels, except for Q8_0, which had
 * an earlier fused dot); {@code unpacked} unpacks each row into a {@link QuantizedRow} and dots it there;
 * {@code block} is {@link BlockDot} (Q8_0 and Q4_0, 16-lane machines). All give the same bits (tested). Lives in the
 * backend's package to reach its package-private kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class QuantizedDotBenchmark {
    private static final int K = 4096, N = 8192;   // 35 MB of Q8_0: beyond the caches, as in decode

    @Param({"Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    public String type;

    @Param({"decode", "unpacked", "block"})
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
        for (int j = 0; j < N; j++) {
            if (kernel.equals("unpacked")) y[j] = unpacked.unpack(t, w, rowBytes * j).dot(x, 0);
            else if (kernel.equals("block")) y[j] = blockDot(j);
            else {
                RowDecoder.decode(t, w, rowBytes * j, row, K);
                y[j] = VectorDot.dot(row, 0, x, 0, K);
            }
        }
        return y;
    }

    private float blockDot(int j) {
        return switch (t) {
            case Q8_0 -> BlockDot.q8_0(w, rowBytes * j, x, 0, K);
            case Q4_0 -> BlockDot.q4_0(w, rowBytes * j, x, 0, K);
            default -> throw new IllegalArgumentException("no BlockDot kernel for " + t + " (run with -p kernel=decode,unpacked)");
        };
    }
}
