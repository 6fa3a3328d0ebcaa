package dev.lightbulb.backend.cuda;

import dev.lightbulb.tensor.GgmlType;
import jcuda.driver.CUdeviceptr;

/**
 * Matmuls through cuBLAS for {@link CudaBackend.MatmulMode#CUBLAS}: F32, F16 and BF16 weights at
 * {@value #MIN_ROWS} rows or more (prefill), where tensor-core GEMMs beat lightbulb's one-warp-per-column kernels.
 *
 * <h2>Numerics</h2>
 * F32 weights: {@code cublasSgemm}, fp32 products and sums. F16 / BF16 weights: the F32 activations are first
 * rounded to the weight's type (round to nearest even, {@code lb_convert_f32_*}; F16 overflows to ±inf above
 * 65504, as in ggml's and PyTorch's half-precision paths), then {@code cublasGemmEx} multiplies with fp32
 * compute and F32 output: each product of two halves is exact in fp32, so the only rounding beyond the fp32
 * sums is that of x (relative 2⁻¹¹ for F16, 2⁻⁸ for BF16). The sums run in an order cuBLAS picks per shape,
 * including the row count: results differ from the default kernels by float rounding and are <b>not</b>
 * batch-invariant (see {@link dev.lightbulb.backend.Backend}).
 */
final class CublasMatmul implements AutoCloseable {
    /** Row count from which the mode sends F32/F16/BF16 matmuls to cuBLAS; below it decode stays on the kernels. */
    static final int MIN_ROWS = 16;

    private final CudaBackend backend;
    private final Cublas cublas;
    /** x rounded to F16 or BF16, rows * k halves. */
    private final ScratchBuffer halves;

    CublasMatmul(CudaBackend backend, Cublas cublas) {
        this.backend = backend;
        this.cublas = cublas;
        this.halves = new ScratchBuffer(backend);
    }

    /** Whether the CUBLAS mode sends a matmul of this weight type and row count here. */
    static boolean takes(GgmlType weight, int rows) {
        return rows >= MIN_ROWS && (weight == GgmlType.F32 || weight == GgmlType.F16 || weight == GgmlType.BF16);
    }

    /**
     * {@code y[rows, n] = x[rows, k] · Wᵀ} through cuBLAS at any row count (the mode calls it from {@value #MIN_ROWS}
     * rows; benchmarks may call it at any). Queued on the backend's stream like a kernel.
     */
    void multiply(CudaBuffer w, CudaBuffer x, CudaBuffer y, int rows) {
        int k = Math.toIntExact(w.rowLength()), n = Math.toIntExact(w.rows());
        switch (w.type) {
            case F32 -> cublas.gemm(Cublas.Inputs.F32, w.pointer, x.pointer, y.pointer, rows, n, k);
            case F16, BF16 -> {
                long count = (long) rows * k;
                CUdeviceptr xh = halves.get(2 * count);
                backend.launch("lb_convert_f32_" + CudaBackend.suffix(w.type), Math.toIntExact((count + 255) / 256), 1, 256,
                        new KernelArgs().ptr(x.pointer).ptr(xh).i64(count));
                cublas.gemm(w.type == GgmlType.F16 ? Cublas.Inputs.F16 : Cublas.Inputs.BF16, w.pointer, xh, y.pointer, rows, n, k);
            }
            default -> throw new IllegalArgumentException("cuBLAS multiplies F32, F16 and BF16 weights, not " + w.type);
        }
    }

    /** The binding underneath, for benchmarks that time a bare GEMM on inputs they converted themselves. */
    Cublas cublas() {
        return cublas;
    }

    String description() {
        return cublas.description();
    }

    @Override
    public void close() {
        halves.close();
        cublas.close();
    }
}
