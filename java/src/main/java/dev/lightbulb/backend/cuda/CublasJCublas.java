package dev.lightbulb.backend.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

import static jcuda.jcublas.cublasGemmAlgo.CUBLAS_GEMM_DEFAULT;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

/**
 * {@link Cublas} through JCublas ({@code org.jcuda:jcublas} 12.6), whose JNI library links CUDA 12's
 * {@code libcublas.so.12}: the binding for machines with a CUDA 12 toolkit. JCuda's {@link CUdeviceptr} and
 * {@code CUstream} go in as they are.
 */
final class CublasJCublas implements Cublas {
    private final CudaDevice device;
    private final cublasHandle handle = new cublasHandle();
    private final Pointer one = Pointer.to(new float[] {1f}), zero = Pointer.to(new float[] {0f});
    private final String version;

    /** Loads JCublas's JNI library (and through it cuBLAS); throws {@link UnsatisfiedLinkError} saying what is missing. */
    static void loadLibrary() {
        JCublas2.initialize();
    }

    CublasJCublas(CudaDevice device) {
        this.device = device;
        device.makeCurrent();
        check(JCublas2.cublasCreate(handle), "cublasCreate");
        try {
            check(JCublas2.cublasSetStream(handle, new cudaStream_t(device.stream)), "cublasSetStream");
            int[] v = new int[1];
            check(JCublas2.cublasGetVersion(handle, v), "cublasGetVersion");
            version = Cublas.version(v[0]);
        } catch (RuntimeException e) {
            JCublas2.cublasDestroy(handle);
            throw e;
        }
    }

    @Override
    public String description() {
        return "cuBLAS " + version + " through JCublas";
    }

    @Override
    public void gemm(Inputs inputs, CUdeviceptr w, CUdeviceptr x, CUdeviceptr y, int rows, int n, int k) {
        device.makeCurrent();
        if (inputs == Inputs.F32) {
            check(JCublas2.cublasSgemm(handle, CUBLAS_OP_T, CUBLAS_OP_N, n, rows, k, one, w, k, x, k, zero, y, n), "cublasSgemm");
            return;
        }
        // cublasGemmEx_new takes a cublasComputeType_t; JCublas's cublasGemmEx expects an old cudaDataType there.
        check(JCublas2.cublasGemmEx_new(handle, CUBLAS_OP_T, CUBLAS_OP_N, n, rows, k, one, w, inputs.dataType, k, x, inputs.dataType, k, zero, y,
                Cublas.DATA_32F, n, inputs.computeType, CUBLAS_GEMM_DEFAULT), "cublasGemmEx");
    }

    @Override
    public void close() {
        device.makeCurrent();
        JCublas2.cublasDestroy(handle);
    }

    private static void check(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) throw Cublas.failure(call, status, cublasStatus.stringFor(status));
    }
}
