package dev.lightbulb.backend.cuda;

import jcuda.driver.CUdeviceptr;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;

import static org.bytedeco.cuda.global.cublas.*;

/**
 * {@link Cublas} through JavaCPP's presets ({@code org.bytedeco:cuda} 13.x), whose JNI library links
 * {@code libcublas.so.13}, {@code libcublasLt.so.13} and (through the cudart presets it inherits)
 * {@code libcudart.so.13} and {@code libcuda.so.1}: the system's (or a Python venv's) CUDA 13 libraries, found
 * by the dynamic linker through {@code LD_LIBRARY_PATH}. The JNI library is built against a newer CUDA 13 minor
 * release; its symbols bind lazily, so only the functions called here must exist (all of them since cuBLAS 11).
 */
final class CublasJavaCpp implements Cublas {
    private final CudaDevice device;
    private final cublasContext handle = new cublasContext();
    /** alpha and beta, read from host memory during each call (the default pointer mode). */
    private final FloatPointer one = new FloatPointer(1f), zero = new FloatPointer(0f);
    private final String version;

    /** Loads the JNI libraries (and through them cuBLAS); throws {@link UnsatisfiedLinkError} saying what is missing. */
    static void loadLibrary() {
        Loader.load(org.bytedeco.cuda.global.cublas.class);
    }

    CublasJavaCpp(CudaDevice device) {
        this.device = device;
        device.makeCurrent();
        check(cublasCreate_v2(handle), "cublasCreate");
        try {
            check(cublasSetStream_v2(handle, new CUstream_st(new Address(RawAddress.of(device.stream)))), "cublasSetStream");
            int[] v = new int[1];
            check(cublasGetVersion_v2(handle, v), "cublasGetVersion");
            version = Cublas.version(v[0]);
        } catch (RuntimeException e) {
            cublasDestroy_v2(handle);
            throw e;
        }
    }

    @Override
    public String description() {
        return "cuBLAS " + version + " through JavaCPP";
    }

    @Override
    public void gemm(Inputs inputs, CUdeviceptr w, CUdeviceptr x, CUdeviceptr y, int rows, int n, int k) {
        device.makeCurrent();
        Address a = new Address(RawAddress.of(w)), b = new Address(RawAddress.of(x)), c = new Address(RawAddress.of(y));
        if (inputs == Inputs.F32) {
            check(cublasSgemm_v2(handle, CUBLAS_OP_T, CUBLAS_OP_N, n, rows, k, one, a, k, b, k, zero, c, n), "cublasSgemm");
            return;
        }
        check(cublasGemmEx(handle, CUBLAS_OP_T, CUBLAS_OP_N, n, rows, k, one, a, inputs.dataType, k, b, inputs.dataType, k, zero, c,
                Cublas.DATA_32F, n, inputs.computeType, CUBLAS_GEMM_DEFAULT), "cublasGemmEx");
    }

    @Override
    public void close() {
        device.makeCurrent();
        cublasDestroy_v2(handle);
        one.close();
        zero.close();
    }

    private static void check(int status, String call) {
        if (status != CUBLAS_STATUS_SUCCESS) throw Cublas.failure(call, status, cublasGetStatusString(status).getString());
    }

    /** A raw address (device memory, a stream handle) as JavaCPP's pointer type: nothing behind it to free. */
    private static final class Address extends FloatPointer {
        Address(long raw) {
            address = raw;
        }
    }
}
