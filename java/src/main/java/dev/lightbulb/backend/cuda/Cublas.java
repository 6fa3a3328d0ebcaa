package dev.lightbulb.backend.cuda;

import dev.lightbulb.LightbulbException;
import jcuda.driver.CUdeviceptr;

/**
 * The cuBLAS calls lightbulb makes: one GEMM {@code y[rows, n] = x[rows, k] · Wᵀ} on row-major matrices, with
 * {@code W} a weight of {@code n} rows of {@code k} elements (ggml shape {@code {k, n}}), F32 output, fp32
 * accumulation. Work is queued on the backend's stream in its primary context (which the runtime API inside
 * cuBLAS adopts because it is current). Pointers are device addresses, byte offsets included.
 *
 * <p>In cuBLAS's column-major terms this is {@code C = op(A)·B} with A = W read transposed ({@code CUBLAS_OP_T},
 * lda = k), B = x (lda = k), C = y (ldc = n), m = n, n = rows: the "TN" layout tensor cores prefer.
 * Implementations: {@link CublasJavaCpp} (CUDA 13) and {@link CublasJCublas} (CUDA 12), chosen by {@link CublasLoader}.
 */
interface Cublas extends AutoCloseable {

    /**
     * What W and x hold; y is F32 and the accumulation fp32 in every case. Each carries the cuBLAS type codes of
     * {@code cublasGemmEx} (C enum values, the same in both bindings).
     */
    enum Inputs {
        /** F32 W and x, fp32 products: {@code cublasSgemm}. */
        F32(DATA_32F, COMPUTE_32F),
        /** F32 W and x rounded to TF32 (10-bit mantissa) by the tensor cores. */
        TF32(DATA_32F, COMPUTE_32F_FAST_TF32),
        /** F16 W and x (x rounded to F16 beforehand); the products are exact in fp32. */
        F16(DATA_16F, COMPUTE_32F),
        /** BF16 W and x (x rounded to BF16 beforehand); the products are exact in fp32. */
        BF16(DATA_16BF, COMPUTE_32F);

        /** {@code cudaDataType} of W and x. */
        final int dataType;
        /** {@code cublasComputeType_t}. */
        final int computeType;

        Inputs(int dataType, int computeType) {
            this.dataType = dataType;
            this.computeType = computeType;
        }
    }

    /** cudaDataType CUDA_R_32F, CUDA_R_16F, CUDA_R_16BF (library_types.h). */
    int DATA_32F = 0, DATA_16F = 2, DATA_16BF = 14;
    /** cublasComputeType_t CUBLAS_COMPUTE_32F, CUBLAS_COMPUTE_32F_FAST_TF32 (cublas_api.h). */
    int COMPUTE_32F = 68, COMPUTE_32F_FAST_TF32 = 77;

    /** The binding and the cuBLAS version it loaded, e.g. "cuBLAS 13.0.2 through JavaCPP". */
    String description();

    /** Queues {@code y = x · Wᵀ} on the stream (asynchronous, like a kernel launch). */
    void gemm(Inputs inputs, CUdeviceptr w, CUdeviceptr x, CUdeviceptr y, int rows, int n, int k);

    /** Destroys the handle (cuBLAS waits for its queued work first). */
    @Override
    void close();

    /** A failed cuBLAS call as one line, e.g. "cuBLAS cublasGemmEx failed: CUBLAS_STATUS_NOT_SUPPORTED (15)". */
    static LightbulbException failure(String call, int status, String statusText) {
        return new LightbulbException("cuBLAS " + call + " failed: " + statusText + " (" + status + ")");
    }

    /** cuBLAS encodes its version as major * 10000 + minor * 100 + patch. */
    static String version(int encoded) {
        return encoded / 10000 + "." + encoded / 100 % 100 + "." + encoded % 100;
    }
}
