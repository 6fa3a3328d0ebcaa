package dev.lightbulb.backend.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Host-to-device copies queued on the backend's stream instead of blocking the host: the data is copied at call
 * time into page-locked host memory (so the caller may reuse its array at once) and a {@code cuMemcpyHtoDAsync}
 * is queued behind the kernels already in the stream. A step's index arrays (tokens, positions, slots, block
 * tables) therefore cost no host synchronisation, and a step's kernels can be captured as a graph apart from
 * them.
 *
 * <p>The page-locked area is used as a bump allocator. A region may be reused only once the copy that reads it
 * has run: the area is rewound at every point where the host has waited for the stream ({@link #streamDrained}),
 * and when it is full the stream is drained first.
 */
final class PinnedStaging implements AutoCloseable {
    /** Copies larger than this bypass the staging area (weights, large test inputs): a plain synchronous copy. */
    static final int MAX_STAGED_BYTES = 1 << 20;
    private static final int CAPACITY = 8 << 20;

    private final CudaDevice device;
    private final Pointer host = new Pointer();
    private final ByteBuffer view;
    private int used;

    PinnedStaging(CudaDevice device) {
        this.device = device;
        CudaDevice.check(JCudaDriver.cuMemAllocHost(host, CAPACITY), "cuMemAllocHost(" + CAPACITY + " bytes)");
        view = host.getByteBuffer(0, CAPACITY).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Whether a copy of this many bytes goes through the staging area. */
    static boolean stages(long bytes) {
        return bytes <= MAX_STAGED_BYTES;
    }

    /** Queues a copy of {@code src[offset..offset+length)} to {@code dst}. */
    void copyInts(CUdeviceptr dst, int[] src, int offset, int length) {
        int at = reserve(4 * length);
        view.asIntBuffer().put(at / 4, src, offset, length);
        queue(dst, at, 4 * length);
    }

    /** Queues a copy of {@code src[offset..offset+length)} to {@code dst}. */
    void copyFloats(CUdeviceptr dst, float[] src, int offset, int length) {
        int at = reserve(4 * length);
        view.asFloatBuffer().put(at / 4, src, offset, length);
        queue(dst, at, 4 * length);
    }

    /** Queues a copy of {@code src} (all of it) to {@code dst}. */
    void copyBytes(CUdeviceptr dst, byte[] src) {
        int at = reserve(src.length);
        view.put(at, src, 0, src.length);
        queue(dst, at, src.length);
    }

    /** The host has waited for everything queued so far: every staged region may be written again. */
    void streamDrained() {
        used = 0;
    }

    private int reserve(int bytes) {
        int aligned = (bytes + 15) & ~15;
        if (used + aligned > CAPACITY) {
            device.synchronize();
            used = 0;
        }
        int at = used;
        used += aligned;
        return at;
    }

    private void queue(CUdeviceptr dst, int at, int bytes) {
        CudaDevice.check(JCudaDriver.cuMemcpyHtoDAsync(dst, host.withByteOffset(at), bytes, device.stream), "cuMemcpyHtoDAsync");
    }

    @Override
    public void close() {
        device.synchronize();
        JCudaDriver.cuMemFreeHost(host);
    }
}
