package dev.lightbulb.bench;

import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.tensor.GgmlType;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/**
 * CPU quantised matmul {@code y[rows, n] = x[rows, k] · Wᵀ} per weight type at Llama-8B shapes
 * (4096x4096: attention projections; 4096x14336: the MLP's gate/up, k = 4096 inputs, n = 14336 outputs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MatmulBenchmark {

    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    public String type;

    @Param({"4096x4096", "4096x14336"})
    public String shape;

    @Param({"1", "8"})
    public int rows;

    private final CpuBackend cpu = new CpuBackend();
    private BackendBuffer x, w, y;

    @Setup
    public void setup() {
        GgmlType t = GgmlType.valueOf(type);
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
