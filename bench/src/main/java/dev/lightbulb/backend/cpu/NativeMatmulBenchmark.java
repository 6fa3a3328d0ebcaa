package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.bench.MatmulOperands;
import dev.lightbulb.tensor.GgmlType;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * {@link CpuBackend#matmul} {@code y[rows, n] = x[rows, k] · Wᵀ} with the Java kernels ({@code kernels=java},
 * {@code new CpuBackend(false)}) against the native AVX-512 ones ({@code kernels=native}, {@code cpukernels/}),
 * on the same weights and activations; the two give the same bits (NativeMatmulTest), so only time differs.
 * Shapes are {@code k x n}: 4096x4096 (a Llama-8B attention projection) and 768x2048 (stories110M's gate/up).
 *
 * <p>The native rows need {@code liblightbulb_cpu.so}: the copy in the jar (run {@code bin/build-cpukernels} before
 * {@code mvn package}) or {@code -Dlightbulb.cpu.library=build/cpukernels/liblightbulb_cpu.so} (relative to the
 * working directory, which the forked JVM shares). Without it their setup fails and says why. The common fork/join
 * pool's parallelism is 0, which leaves the backend's workers ({@code SpinningWorkers}: that parallelism + 1 threads)
 * at the calling thread alone: a kernel against a kernel on one core (override with {@code -jvmArgsAppend}). Lives
 * in the backend's package to reach its package-private constructor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g",
        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=0"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class NativeMatmulBenchmark {

    @Param({"F32", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    public String type;

    @Param({"4096x4096", "768x2048"})
    public String shape;

    @Param({"1", "8", "64"})
    public int rows;

    @Param({"java", "native"})
    public String kernels;

    private CpuBackend cpu;
    private BackendBuffer x, w, y;

    @Setup
    public void setup() {
        boolean nativeKernels = switch (kernels) {
            case "java" -> false;
            case "native" -> true;
            default -> throw new IllegalArgumentException("kernels must be java or native, not " + kernels);
        };
        GgmlType t = GgmlType.valueOf(type);
        if (nativeKernels && !(NativeMatmul.available() && NativeMatmul.handles(t))) {
            throw new IllegalStateException("the native matmul is not available for " + t + ": " + NativeLibrary.describe()
                    + ". Build it (bin/build-cpukernels) before `mvn package`, or pass"
                    + " -Dlightbulb.cpu.library=build/cpukernels/liblightbulb_cpu.so from the repository root");
        }
        cpu = new CpuBackend(nativeKernels);
        MatmulOperands.Buffers b = MatmulOperands.upload(cpu, t, shape, rows);
        x = b.x();
        w = b.w();
        y = b.y();
    }

    @Benchmark
    public BackendBuffer matmul() {
        cpu.matmul(x, w, y, rows);
        return y;
    }
}
