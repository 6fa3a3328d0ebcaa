package dev.lightbulb.backend.cuda;

import dev.lightbulb.LightbulbException;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One CUDA device through the driver API (JCuda; needs only {@code libcuda.so.1}): its primary context and one
 * stream on which every kernel of the backend is queued. Every failure becomes a {@link LightbulbException}
 * that says what is missing (driver, device, memory), never a JVM crash.
 */
final class CudaDevice implements AutoCloseable {
    final CUdevice device = new CUdevice();
    final CUcontext context = new CUcontext();
    final CUstream stream = new CUstream();
    final String name;
    final int computeCapability;

    private CudaDevice(int ordinal) {
        check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet");
        byte[] nameBytes = new byte[256];
        check(JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        name = new String(nameBytes, 0, len, StandardCharsets.UTF_8);
        int[] major = new int[1], minor = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(major, jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "cuDeviceGetAttribute");
        check(JCudaDriver.cuDeviceGetAttribute(minor, jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "cuDeviceGetAttribute");
        computeCapability = major[0] * 10 + minor[0];
        if (computeCapability < 80) {
            throw new LightbulbException("CUDA device 0 (" + name + ") has compute capability " + major[0] + "." + minor[0]
                    + "; lightbulb's kernels need 8.0 or newer (Ampere, Ada, Hopper)");
        }
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        check(JCudaDriver.cuStreamCreate(stream, 0), "cuStreamCreate");
    }

    /** Opens device 0, or throws a {@link LightbulbException} that says why there is none. */
    static CudaDevice open() {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) throw new LightbulbException("--backend cuda: " + why.get() + " (use --backend cpu or auto)");
        return new CudaDevice(0);
    }

    /** The first failure to load the driver: later attempts only say "could not initialize class". */
    private static volatile String driverLoadFailure;

    /** Empty when a CUDA device answers; else why not (no driver library, no device, driver error). */
    static Optional<String> unavailableReason() {
        if (driverLoadFailure != null) return Optional.of(driverLoadFailure);
        try {
            int rc = JCudaDriver.cuInit(0);
            if (rc == CUresult.CUDA_ERROR_NO_DEVICE) return Optional.of("no CUDA device is visible to the driver");
            if (rc != CUresult.CUDA_SUCCESS) return Optional.of("the CUDA driver failed to initialise (" + CUresult.stringFor(rc) + ")");
            int[] count = new int[1];
            rc = JCudaDriver.cuDeviceGetCount(count);
            if (rc != CUresult.CUDA_SUCCESS) return Optional.of("cuDeviceGetCount failed (" + CUresult.stringFor(rc) + ")");
            if (count[0] == 0) return Optional.of("no CUDA device is visible to the driver");
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            // JCuda's native library links against libcuda.so.1; without an NVIDIA driver it cannot load.
            driverLoadFailure = "no CUDA driver on this machine (libcuda.so.1 could not be loaded: " + firstLine(e) + ")";
            return Optional.of(driverLoadFailure);
        }
    }

    /**
     * One line for logs: the driver's CUDA version and device 0 (name, compute capability, memory), or why there is
     * none. Opens no context.
     */
    static String describe() {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) return "CUDA unavailable: " + why.get();
        int[] version = new int[1], major = new int[1], minor = new int[1];
        long[] memory = new long[1];
        CUdevice d = new CUdevice();
        check(JCudaDriver.cuDriverGetVersion(version), "cuDriverGetVersion");
        check(JCudaDriver.cuDeviceGet(d, 0), "cuDeviceGet");
        byte[] nameBytes = new byte[256];
        check(JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, d), "cuDeviceGetName");
        check(JCudaDriver.cuDeviceGetAttribute(major, jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d), "cuDeviceGetAttribute");
        check(JCudaDriver.cuDeviceGetAttribute(minor, jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d), "cuDeviceGetAttribute");
        check(JCudaDriver.cuDeviceTotalMem(memory, d), "cuDeviceTotalMem");
        int len = 0;
        while (len < nameBytes.length && nameBytes[len] != 0) len++;
        return String.format(java.util.Locale.ROOT, "driver CUDA %d.%d, device 0: %s, sm_%d%d, %.1f GiB",
                version[0] / 1000, version[0] % 1000 / 10, new String(nameBytes, 0, len, StandardCharsets.UTF_8),
                major[0], minor[0], memory[0] / (double) (1L << 30));
    }

    /** The driver's context is per thread: every op makes it current first (cheap when it already is). */
    void makeCurrent() {
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    void synchronize() {
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    /** Free and total device memory in bytes. */
    long[] memoryInfo() {
        long[] free = new long[1], total = new long[1];
        check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return new long[] {free[0], total[0]};
    }

    @Override
    public void close() {
        makeCurrent();
        JCudaDriver.cuStreamSynchronize(stream);
        JCudaDriver.cuStreamDestroy(stream);
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    /** Turns a driver result code into a {@link LightbulbException} naming the call. */
    static void check(int result, String call) {
        if (result == CUresult.CUDA_SUCCESS) return;
        throw new LightbulbException("CUDA " + call + " failed: " + CUresult.stringFor(result) + describe(result));
    }

    private static String describe(int result) {
        return switch (result) {
            case CUresult.CUDA_ERROR_OUT_OF_MEMORY -> " (out of GPU memory: use a smaller model, quantisation, batch or KV cache)";
            case CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU, CUresult.CUDA_ERROR_INVALID_PTX, CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION ->
                    " (the packaged kernels do not run on this GPU/driver: they are built for sm_80/86/89/90 with CUDA 13; update the driver)";
            default -> "";
        };
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
