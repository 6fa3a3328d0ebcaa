package dev.lightbulb.backend.cuda;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.backend.sampling.SampleRow;
import dev.lightbulb.backend.sampling.SampledToken;
import dev.lightbulb.tensor.GgmlType;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.JCudaDriver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link Backend} on an NVIDIA GPU: JCuda's driver API, the packaged fatbin ({@code kernels/}), one stream.
 * Weights, activations and the KV cache stay on the device; only the {@code read*} methods and
 * {@link #sample} (ids and log-probabilities) copy back.
 *
 * <h2>Numerics</h2>
 * By default a matmul uses the CPU backend's numerics: F32 activations times weights dequantised exactly as the
 * CPU codecs do, fp32 products ({@code lb_matmul_<type>}), so both backends agree to float rounding.
 * With {@link MatmulMode#Q8_ACTIVATIONS} (system property {@code lightbulb.cuda.matmul=q8}) quantised weights
 * are multiplied as llama.cpp does, with activations rounded to int8 blocks: dp4a for 1..8 rows,
 * int8 tensor cores for more, both in one reduction order so the result is bit-identical at any batch size.
 * Either way a row's result never depends on its batch mates (see {@link Backend}).
 * <p>{@link MatmulMode#CUBLAS} ({@code lightbulb.cuda.matmul=cublas}) is opt-in and gives that up for prefill speed:
 * F32/F16/BF16 weight matmuls of {@value CublasMatmul#MIN_ROWS} rows or more go to cuBLAS (see {@link CublasMatmul}),
 * whose reduction order depends on the row count, so a row's result depends on how many rows share the call.
 */
public final class CudaBackend implements Backend {

    /**
     * How weights are multiplied (see the class comment). {@code CUBLAS} is {@code FLOAT_ACTIVATIONS} plus cuBLAS for
     * F32/F16/BF16 weights in prefill; it is the one mode that is not batch-invariant.
     */
    public enum MatmulMode { FLOAT_ACTIVATIONS, Q8_ACTIVATIONS, CUBLAS }

    /** Activation rows up to which the q8 path uses the dp4a decode kernel; above it, the mma kernel. */
    static final int DECODE_MAX_ROWS = 8;

    private final CudaDevice device;
    private final KernelLibrary kernels;
    private final DeviceMemoryPool pool;
    private final MatmulMode matmulMode;
    private final Map<float[], CudaBuffer> ropeFrequencies = new IdentityHashMap<>();
    private final ScratchBuffer flag, q8Activations, sampleWork, sampleParams, sampleHistory, sampleOffsets, sampleOut;
    private final PinnedStaging staging;
    /** Present in {@link MatmulMode#CUBLAS} only. */
    private final CublasMatmul cublas;
    private boolean capturing;
    /** Counts reallocations of scratch memory: a graph captured in an earlier epoch may point at freed memory. */
    private int scratchEpoch;
    private final boolean graphs = !"false".equalsIgnoreCase(System.getProperty("lightbulb.cuda.graphs", "true"));
    /** An {@link #embed} flag not yet read back: checked at the next point where the host waits for the stream. */
    private boolean embedCheckPending;
    private long embedCheckVocab;
    /** Made on the first {@link #trainingOps()} call that is allowed (see {@link CudaTrainingOps#requireOptIn()}). */
    private CudaTrainingOps training;

    private CudaBackend(CudaDevice device, byte[] fatbin, MatmulMode mode) {
        this.device = device;
        this.kernels = new KernelLibrary(fatbin);
        this.pool = new DeviceMemoryPool(device);
        this.matmulMode = mode;
        this.flag = new ScratchBuffer(this);
        this.q8Activations = new ScratchBuffer(this);
        this.sampleWork = new ScratchBuffer(this);
        this.sampleParams = new ScratchBuffer(this);
        this.sampleHistory = new ScratchBuffer(this);
        this.sampleOffsets = new ScratchBuffer(this);
        this.sampleOut = new ScratchBuffer(this);
        this.staging = new PinnedStaging(device);
        this.cublas = mode == MatmulMode.CUBLAS ? new CublasMatmul(this, CublasLoader.open(device)) : null;
    }

    /** The first CUDA device, with the matmul mode of the {@code lightbulb.cuda.matmul} property (float | q8 | cublas). */
    public static CudaBackend open() {
        String m = System.getProperty("lightbulb.cuda.matmul", "float").toLowerCase(Locale.ROOT);
        MatmulMode mode = switch (m) {
            case "float" -> MatmulMode.FLOAT_ACTIVATIONS;
            case "q8" -> MatmulMode.Q8_ACTIVATIONS;
            case "cublas" -> MatmulMode.CUBLAS;
            default -> throw new LightbulbException("system property lightbulb.cuda.matmul: expected float, q8 or cublas, got '" + m + "'");
        };
        return open(mode);
    }

    public static CudaBackend open(MatmulMode mode) {
        byte[] fatbin = KernelLibrary.packagedFatbin();
        CudaDevice device = CudaDevice.open();
        try {
            return new CudaBackend(device, fatbin, mode);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }

    /** Whether a CUDA device answers and the kernels are packaged: what {@code --backend auto} asks. */
    public static boolean isAvailable() {
        return KernelLibrary.isPackaged() && CudaDevice.unavailableReason().isEmpty();
    }

    /** Why {@link #isAvailable()} is false, for messages; empty when it is true. */
    public static String unavailableReason() {
        if (!KernelLibrary.isPackaged()) return "this build has no CUDA kernels";
        return CudaDevice.unavailableReason().orElse("");
    }

    /** One line for logs: driver, device and whether this build has the kernels, or why CUDA is unavailable. */
    public static String preflight() {
        return CudaDevice.describe() + "; kernels " + (KernelLibrary.isPackaged() ? "packaged" : "missing from this build");
    }

    /** Free device memory as the driver reports it. */
    @Override
    public long availableMemory() {
        return device.memoryInfo()[0];
    }

    public MatmulMode matmulMode() { return matmulMode; }

    /** cuBLAS in {@link MatmulMode#CUBLAS}, else null: benchmarks in this package time {@link CublasMatmul#multiply} through it. */
    CublasMatmul cublas() { return cublas; }

    @Override public String name() { return "cuda"; }

    /** "cuda-f32" (the CPU's numerics to float rounding) or "cuda-q8-activations" (llama.cpp's int8 activations). */
    @Override public String numerics() {
        return matmulMode == MatmulMode.Q8_ACTIVATIONS ? "cuda-q8-activations" : "cuda-f32";
    }

    @Override
    public String device() {
        return device.name + " (sm_" + device.computeCapability + ", matmul " + matmulMode.name().toLowerCase(Locale.ROOT)
                + (cublas != null ? ", " + cublas.description() : "") + ")";
    }

    /** Q5_0 (llama.cpp's fallback for Q4_K rows not a multiple of 256) has a CPU codec but no CUDA kernel. */
    @Override
    public boolean supportsWeightType(GgmlType type) {
        return type != GgmlType.Q5_0 && type.isSupported();
    }

    // ---------------------------------------------------------------- memory

    @Override
    public BackendBuffer allocate(GgmlType type, long... shape) {
        if (type != GgmlType.F32 && type != GgmlType.I32) throw new IllegalArgumentException("allocate: only F32 and I32 buffers, not " + type);
        long bytes = 4 * elements(shape);
        device.makeCurrent();
        CUdeviceptr p = pool.allocate(bytes);
        CudaDevice.check(JCudaDriver.cuMemsetD8Async(p, (byte) 0, bytes, device.stream), "cuMemsetD8Async");
        return new CudaBuffer(this, type, shape, p, bytes, true);
    }

    @Override
    public BackendBuffer upload(GgmlType type, long[] shape, MemorySegment data) {
        if (type != GgmlType.F32 && type != GgmlType.I32 && !supportsWeightType(type)) {
            throw new IllegalArgumentException("the CUDA backend cannot compute with " + type + " weights");
        }
        long bytes = type == GgmlType.I32 ? 4 * elements(shape) : type.bytesFor(elements(shape));
        if (data.byteSize() < bytes) {
            throw new IllegalArgumentException("upload: " + type + " " + java.util.Arrays.toString(shape) + " needs " + bytes + " bytes, got " + data.byteSize());
        }
        device.makeCurrent();
        // 16 bytes of padding: the quantised matmuls copy 16-byte aligned windows around ggml rows.
        CUdeviceptr p = pool.allocateExact(bytes + 16);
        copyToDevice(p, data.asSlice(0, bytes));
        return new CudaBuffer(this, type, shape, p, bytes, false);
    }

    /** Host segment to device, in chunks through a heap array (the segment may be a memory-mapped file). */
    private void copyToDevice(CUdeviceptr dst, MemorySegment src) {
        final int chunk = 64 << 20;
        byte[] staging = new byte[(int) Math.min(chunk, src.byteSize())];
        for (long off = 0; off < src.byteSize(); off += chunk) {
            int n = (int) Math.min(chunk, src.byteSize() - off);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, off, staging, 0, n);
            CudaDevice.check(JCudaDriver.cuMemcpyHtoD(dst.withByteOffset(off), Pointer.to(staging), n), "cuMemcpyHtoD");
        }
    }

    @Override
    public void writeFloats(BackendBuffer dst, long dstOffset, float[] src, int srcOffset, int length) {
        hostToDevice(dst, GgmlType.F32, dstOffset, src, srcOffset, length);
    }

    @Override
    public void readFloats(BackendBuffer src, long srcOffset, float[] dst, int dstOffset, int length) {
        deviceToHost(src, GgmlType.F32, srcOffset, Pointer.to(dst), dstOffset, length);
    }

    @Override
    public void writeInts(BackendBuffer dst, long dstOffset, int[] src, int srcOffset, int length) {
        hostToDevice(dst, GgmlType.I32, dstOffset, src, srcOffset, length);
    }

    @Override
    public void readInts(BackendBuffer src, long srcOffset, int[] dst, int dstOffset, int length) {
        deviceToHost(src, GgmlType.I32, srcOffset, Pointer.to(dst), dstOffset, length);
    }

    /**
     * Copies {@code length} 4-byte elements (F32 or I32) from a host array into a device buffer. Small copies (a
     * step's indices) are queued on the stream through page-locked staging and cost no host wait; large ones
     * (weights, test inputs) are plain synchronous copies.
     */
    private void hostToDevice(BackendBuffer dst, GgmlType type, long dstOffset, Object host, int hostOffset, int length) {
        CudaBuffer b = buffer(dst, type);
        checkRange(b, dstOffset, length);
        if (length == 0) return;
        if (capturing) throw new IllegalStateException("host data cannot be copied while a graph is captured: write a step's inputs before capturing it");
        device.makeCurrent();
        CUdeviceptr at = b.pointer.withByteOffset(4 * dstOffset);
        if (PinnedStaging.stages(4L * length)) {
            if (host instanceof int[] ints) staging.copyInts(at, ints, hostOffset, length);
            else staging.copyFloats(at, (float[]) host, hostOffset, length);
            return;
        }
        Pointer p = host instanceof int[] ints ? Pointer.to(ints) : Pointer.to((float[]) host);
        CudaDevice.check(JCudaDriver.cuMemcpyHtoD(at, p.withByteOffset(4L * hostOffset), 4L * length), "cuMemcpyHtoD");
    }

    /** Copies {@code length} 4-byte elements (F32 or I32) from a device buffer into a host array (waits for the stream). */
    private void deviceToHost(BackendBuffer src, GgmlType type, long srcOffset, Pointer host, int hostOffset, int length) {
        CudaBuffer b = buffer(src, type);
        checkRange(b, srcOffset, length);
        if (length == 0) return;
        device.makeCurrent();
        // A synchronous copy on the legacy stream starts after all work of our (blocking) stream has finished.
        CudaDevice.check(JCudaDriver.cuMemcpyDtoH(host.withByteOffset(4L * hostOffset), b.pointer.withByteOffset(4 * srcOffset), 4L * length), "cuMemcpyDtoH");
        streamDrained();
    }

    /** The host has waited for the stream: staged copies are done, and a pending embedding check can be read. */
    private void streamDrained() {
        staging.streamDrained();
        if (!embedCheckPending) return;
        embedCheckPending = false;
        int[] id = new int[1];
        CudaDevice.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(id), flag.get(4), 4), "cuMemcpyDtoH");
        if (id[0] != Integer.MIN_VALUE) throw new IllegalArgumentException("embed: token id " + id[0] + " outside the vocabulary [0, " + embedCheckVocab + ")");
    }

    // ---------------------------------------------------------------- ops

    @Override
    public void embed(BackendBuffer table, BackendBuffer tokens, int rows, BackendBuffer out) {
        CudaBuffer t = buffer(table, null);
        int dim = Math.toIntExact(t.rowLength());
        long vocab = t.rows();
        // Out-of-range ids are flagged on the device and read back at the next point where the host waits anyway
        // (a read here would stall the host before it has queued the rest of the step).
        CUdeviceptr bad = flag.get(4);
        if (!embedCheckPending) {
            CudaDevice.check(JCudaDriver.cuMemsetD32Async(bad, Integer.MIN_VALUE, 1, device.stream), "cuMemsetD32Async");
        }
        launch("lb_embedding_" + suffix(t.type), rows, 1, 128, new KernelArgs()
                .ptr(t.pointer).i64(t.type.bytesFor(dim)).i32(Math.toIntExact(vocab)).ptr(ptr(tokens, GgmlType.I32))
                .ptr(ptr(out, GgmlType.F32)).i32(dim).ptr(bad));
        if (!capturing) {
            embedCheckPending = true;
            embedCheckVocab = vocab;
        }
    }

    @Override
    public void matmul(BackendBuffer x, BackendBuffer w, BackendBuffer y, int rows) {
        CudaBuffer wb = buffer(w, null);
        int k = Math.toIntExact(wb.rowLength());
        int n = Math.toIntExact(wb.rows());
        CudaBuffer xb = buffer(x, GgmlType.F32), yb = buffer(y, GgmlType.F32);
        checkRange(xb, 0, (long) rows * k);
        checkRange(yb, 0, (long) rows * n);
        long rowBytes = wb.type.bytesFor(k);
        if (cublas != null && CublasMatmul.takes(wb.type, rows)) {
            cublas.multiply(wb, xb, yb, rows);
        } else if (matmulMode == MatmulMode.Q8_ACTIVATIONS && wb.type.isQuantized()) {
            long blocks = (long) rows * (k / 32);
            CUdeviceptr q = q8Activations.get(rows * (long) k + 8 * blocks + 256);
            CUdeviceptr xq = q, dx = q.withByteOffset(align256(rows * (long) k)), xsum = dx.withByteOffset(4 * blocks);
            launch("lb_quantize_act", (int) ((blocks + 3) / 4), 1, 128, new KernelArgs().ptr(xb.pointer).ptr(xq).ptr(dx).ptr(xsum).i32(rows).i32(k));
            KernelArgs args = new KernelArgs().ptr(wb.pointer).i64(rowBytes).ptr(xq).ptr(dx).ptr(xsum).ptr(yb.pointer).i32(n).i32(k).i32(rows);
            if (rows <= DECODE_MAX_ROWS) launch("lb_qmatmul_decode_" + suffix(wb.type), (n + 3) / 4, 1, 128, args);
            else launch("lb_qmatmul_mma_" + suffix(wb.type), (n + 15) / 16, (rows + 31) / 32, 32, args);   // one warp: 16 columns x 32 rows
        } else {
            // a column per warp for decode (most warps in flight), four per warp for batches (each activation load
            // feeds four columns); both give the same bits (kernels/matmul_float.cu)
            boolean wide = rows > DECODE_MAX_ROWS;
            launch("lb_matmul_" + suffix(wb.type) + (wide ? "_c4" : ""), wide ? (n + 15) / 16 : (n + 3) / 4, 1, 128,
                    new KernelArgs().ptr(wb.pointer).i64(rowBytes).ptr(xb.pointer).ptr(yb.pointer).i32(n).i32(k).i32(rows));
        }
    }

    @Override
    public void addBias(BackendBuffer x, BackendBuffer bias, int rows) {
        CudaBuffer b = buffer(bias, GgmlType.F32);
        int n = Math.toIntExact(b.elements());
        launch("lb_bias_add", blocksFor((long) rows * n, 256), 1, 256, new KernelArgs().ptr(ptr(x, GgmlType.F32)).ptr(b.pointer).i32(rows).i32(n));
    }

    @Override
    public void rmsNorm(BackendBuffer x, BackendBuffer weight, BackendBuffer out, int rows, float eps) {
        CudaBuffer w = buffer(weight, GgmlType.F32);
        launch("lb_rmsnorm", rows, 1, 256, new KernelArgs().ptr(ptr(x, GgmlType.F32)).ptr(w.pointer).ptr(ptr(out, GgmlType.F32))
                .i32(Math.toIntExact(w.elements())).f32(eps));
    }

    @Override
    public void rope(BackendBuffer x, BackendBuffer positions, int rows, int heads, int headDim, RopeSpec rope) {
        launchRope("lb_rope", x, positions, rows, heads, headDim, rope);
    }

    /** {@code lb_rope} or its inverse ({@code lb_train_rope_backward}): one launch signature, one thread per pair. */
    void launchRope(String kernel, BackendBuffer x, BackendBuffer positions, int rows, int heads, int headDim, RopeSpec rope) {
        CudaBuffer freqs = ropeFrequencies.computeIfAbsent(rope.inverseFrequencies(), f -> {
            CudaBuffer b = (CudaBuffer) allocate(GgmlType.F32, f.length);
            writeFloats(b, 0, f, 0, f.length);
            return b;
        });
        int half = rope.rotaryDim() / 2;
        launch(kernel, blocksFor((long) rows * heads * half, 128), 1, 128, new KernelArgs()
                .ptr(ptr(x, GgmlType.F32)).ptr(ptr(positions, GgmlType.I32)).ptr(freqs.pointer)
                .i32(rows).i32(heads).i32(headDim).i32(rope.rotaryDim()).i32(rope.layout() == RopeLayout.NEOX ? 1 : 0));
    }

    @Override
    public void storeKv(BackendBuffer k, BackendBuffer v, BackendBuffer slots, int rows, BackendBuffer keyCache, BackendBuffer valueCache) {
        CudaBuffer kc = buffer(keyCache, GgmlType.F32);
        int kvDim = Math.toIntExact(kc.rowLength());
        launch("lb_kv_store", blocksFor((long) rows * kvDim, 256), 1, 256, new KernelArgs()
                .ptr(kc.pointer).ptr(ptr(valueCache, GgmlType.F32)).ptr(ptr(k, GgmlType.F32)).ptr(ptr(v, GgmlType.F32))
                .ptr(ptr(slots, GgmlType.I32)).i32(rows).i32(kvDim));
    }

    @Override
    public void attention(BackendBuffer q, BackendBuffer keyCache, BackendBuffer valueCache, BackendBuffer positions,
                          BackendBuffer blockTables, BackendBuffer tableOffsets, int rows, AttentionLayout layout, BackendBuffer out) {
        if (layout.headDim() > 256) throw new LightbulbException("the CUDA attention kernel supports head dimensions up to 256, not " + layout.headDim());
        launch("lb_attention_paged", rows, layout.heads(), 32, new KernelArgs()
                .ptr(ptr(out, GgmlType.F32)).ptr(ptr(q, GgmlType.F32)).ptr(ptr(keyCache, GgmlType.F32)).ptr(ptr(valueCache, GgmlType.F32))
                .ptr(ptr(positions, GgmlType.I32)).ptr(ptr(blockTables, GgmlType.I32)).ptr(ptr(tableOffsets, GgmlType.I32))
                .i32(layout.blockSize()).i32(layout.heads()).i32(layout.kvHeads()).i32(layout.headDim()).f32(layout.scale())
                .i32(layout.slidingWindow()));
    }

    @Override
    public void swiglu(BackendBuffer gate, BackendBuffer up, BackendBuffer out, long n) {
        launch("lb_swiglu", blocksFor(n, 256), 1, 256, new KernelArgs()
                .ptr(ptr(gate, GgmlType.F32)).ptr(ptr(up, GgmlType.F32)).ptr(ptr(out, GgmlType.F32)).i64(n));
    }

    @Override
    public void add(BackendBuffer acc, BackendBuffer x, long n) {
        CUdeviceptr a = ptr(acc, GgmlType.F32);
        launch("lb_add", blocksFor(n, 256), 1, 256, new KernelArgs().ptr(a).ptr(ptr(x, GgmlType.F32)).ptr(a).i64(n));
    }

    @Override
    public void gatherRows(BackendBuffer src, BackendBuffer rowIndices, int count, int rowLength, BackendBuffer dst) {
        launch("lb_gather_rows", count, 1, 256, new KernelArgs()
                .ptr(ptr(src, GgmlType.F32)).ptr(ptr(rowIndices, GgmlType.I32)).ptr(ptr(dst, GgmlType.F32)).i32(rowLength));
    }

    /**
     * One {@code lb_sample} launch for all rows. The kernel takes the decisions of the CPU {@link
     * dev.lightbulb.backend.sampling.Sampler} (same penalties, temperature, top-k → top-p → min-p prefix of the
     * (logit desc, index asc) order in double precision, same Philox4x32-10 53-bit draw keyed by (seed, position))
     * on a sorted candidate set instead of the sorted vocabulary; see kernels/sampling.cu for the mapping and its
     * one difference (the summation order of the mass below the candidates, a few ulp of a double).
     */
    @Override
    public SampledToken[] sample(BackendBuffer logits, int vocab, SampleRow[] rows) {
        if (rows.length == 0) return new SampledToken[0];
        if (capturing) throw new IllegalStateException("sample reads results back and cannot be captured in a graph");
        CudaBuffer l = buffer(logits, GgmlType.F32);
        checkRange(l, 0, (long) rows.length * vocab);
        SampleBatch batch = SampleBatch.of(rows, vocab);
        CUdeviceptr params = sampleParams.get(batch.params().length);
        CUdeviceptr offsets = sampleOffsets.get(4L * batch.historyOffsets().length);
        CUdeviceptr history = sampleHistory.get(4L * Math.max(1, batch.historyIds().length));
        CUdeviceptr out = sampleOut.get(8L * rows.length);
        CUdeviceptr work = sampleWork.get(SampleBatch.workBytesPerRow(vocab) * rows.length);
        device.makeCurrent();
        // Inputs through the staging area (queued, no host wait) when small; one read back of ids and
        // log-probabilities together: a decode step waits for the device once.
        stageOrCopy(params, batch.params());
        stageOrCopy(offsets, batch.historyOffsets());
        if (batch.historyIds().length > 0) stageOrCopy(history, batch.historyIds());
        CUdeviceptr ids = out, logProbs = out.withByteOffset(4L * rows.length);
        launch("lb_sample", rows.length, 1, SampleBatch.THREADS, new KernelArgs()
                .ptr(l.pointer).ptr(work).i32(vocab).ptr(params).ptr(offsets).ptr(history).ptr(ids).ptr(logProbs));
        int[] both = new int[2 * rows.length];
        CudaDevice.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(both), out, 8L * rows.length), "cuMemcpyDtoH");
        streamDrained();
        int[] idHost = java.util.Arrays.copyOf(both, rows.length);
        float[] lpHost = new float[rows.length];
        for (int r = 0; r < rows.length; r++) lpHost[r] = Float.intBitsToFloat(both[rows.length + r]);
        SampledToken[] result = new SampledToken[rows.length];
        for (int r = 0; r < rows.length; r++) result[r] = new SampledToken(idHost[r], lpHost[r]);
        return result;
    }

    /**
     * The training ops on this GPU ({@link CudaTrainingOps}), only with the system property
     * {@code lightbulb.cuda.training=unverified}: they are compiled but no GPU run has checked them against the CPU yet.
     */
    @Override
    public TrainingOps trainingOps() {
        CudaTrainingOps.requireOptIn();
        if (training == null) training = new CudaTrainingOps(this);
        return training;
    }

    /**
     * Half of the device memory free now (after the weights are loaded), at most 32 GiB: on the H200 run the
     * CPU's default of 1 GiB made an 8B-shaped model preempt 56 times at 64 sequences.
     */
    @Override
    public long kvCacheBudgetBytes() {
        device.makeCurrent();
        return Math.min(32L << 30, availableMemory() / 2);
    }

    private void stageOrCopy(CUdeviceptr dst, byte[] src) {
        if (PinnedStaging.stages(src.length)) staging.copyBytes(dst, src);
        else CudaDevice.check(JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(src), src.length), "cuMemcpyHtoD");
    }

    private void stageOrCopy(CUdeviceptr dst, int[] src) {
        if (PinnedStaging.stages(4L * src.length)) staging.copyInts(dst, src, 0, src.length);
        else CudaDevice.check(JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(src), 4L * src.length), "cuMemcpyHtoD");
    }

    @Override
    public void synchronize() {
        device.makeCurrent();
        device.synchronize();
        streamDrained();
    }

    /**
     * Records the kernels {@code step} launches (no reads, no sampling) into a CUDA graph that {@link CudaGraph#replay()}
     * runs again with one launch: the decode step of a fixed batch shape. Inputs change between replays by writing
     * into the same buffers before each replay. Run the step once before capturing, so that every buffer and
     * cached constant (RoPE frequencies, scratch) already exists: allocation and host copies cannot be captured.
     */
    public CudaGraph capture(Runnable step) {
        synchronize();
        capturing = true;
        try {
            return CudaGraph.capture(device, () -> scratchEpoch, step);
        } finally {
            capturing = false;
        }
    }

    /**
     * {@link #capture}, for the engine's decode steps. Empty when graphs are switched off (system property
     * {@code lightbulb.cuda.graphs=false}) or in {@link MatmulMode#CUBLAS}, whose GEMMs are not set up for capture.
     */
    @Override
    public java.util.Optional<dev.lightbulb.backend.StepGraph> record(Runnable step) {
        if (!graphs || cublas != null) return java.util.Optional.empty();
        return java.util.Optional.of(capture(step));
    }

    @Override
    public void close() {
        device.makeCurrent();
        device.synchronize();
        for (CudaBuffer b : ropeFrequencies.values()) b.close();
        ropeFrequencies.clear();
        if (cublas != null) cublas.close();
        if (training != null) training.close();
        for (ScratchBuffer s : new ScratchBuffer[] {flag, q8Activations, sampleWork, sampleParams, sampleHistory, sampleOffsets, sampleOut}) s.close();
        staging.close();
        pool.releaseCached();
        kernels.unload();
        device.close();
    }

    // ---------------------------------------------------------------- helpers

    void release(CudaBuffer b) {
        device.makeCurrent();
        if (b.pooled) {
            // The stream may still use the memory; reuse is safe because later work is queued on the same stream.
            pool.release(b.pointer, b.bytes);
        } else {
            device.synchronize();
            pool.freeExact(b.pointer);
        }
    }

    CUdeviceptr allocateScratch(long bytes) {
        device.makeCurrent();
        scratchEpoch++;
        return pool.allocate(bytes);
    }

    void releaseScratch(CUdeviceptr p, long bytes) {
        pool.release(p, bytes);
    }

    void launch(String kernel, int gridX, int gridY, int block, KernelArgs args) {
        if (gridX == 0 || gridY == 0) return;
        device.makeCurrent();
        CUfunction f = kernels.function(kernel);
        CudaDevice.check(JCudaDriver.cuLaunchKernel(f, gridX, gridY, 1, block, 1, 1, 0, device.stream, args.toPointer(), null),
                "cuLaunchKernel(" + kernel + ")");
    }

    /** Copies {@code bytes} of device memory to the host after all queued work (the host waits for the stream). */
    void readBack(CUdeviceptr src, Pointer host, long bytes) {
        device.makeCurrent();
        CudaDevice.check(JCudaDriver.cuMemcpyDtoH(host, src, bytes), "cuMemcpyDtoH");
        streamDrained();
    }

    /** Sets {@code count} 32-bit words at {@code dst} to {@code value}, queued on the stream. */
    void fillWords(CUdeviceptr dst, int value, long count) {
        device.makeCurrent();
        CudaDevice.check(JCudaDriver.cuMemsetD32Async(dst, value, count, device.stream), "cuMemsetD32Async");
    }

    /** Copies {@code bytes} from device to device, queued on the stream. */
    void copyOnDevice(CUdeviceptr src, CUdeviceptr dst, long bytes) {
        device.makeCurrent();
        CudaDevice.check(JCudaDriver.cuMemcpyDtoDAsync(dst, src, bytes, device.stream), "cuMemcpyDtoDAsync");
    }

    CudaBuffer buffer(BackendBuffer b, GgmlType expected) {
        if (!(b instanceof CudaBuffer c) || !c.ownedBy(this)) throw new IllegalArgumentException("not a buffer of this CUDA backend: " + b);
        if (c.isClosed()) throw new IllegalStateException("buffer used after close");
        if (expected != null && c.type != expected) throw new IllegalArgumentException("expected a " + expected + " buffer, got " + c.type);
        return c;
    }

    CUdeviceptr ptr(BackendBuffer b, GgmlType expected) {
        return buffer(b, expected).pointer;
    }

    static void checkRange(CudaBuffer b, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > b.elements()) {
            throw new IllegalArgumentException("range [" + offset + ", " + (offset + length) + ") outside a buffer of " + b.elements() + " elements");
        }
    }

    /** Every kernel this class launches, by name (a test checks the packaged fatbin has each one). */
    static java.util.List<String> kernelNames() {
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("lb_quantize_act", "lb_bias_add", "lb_rmsnorm",
                "lb_rope", "lb_kv_store", "lb_attention_paged", "lb_swiglu", "lb_add", "lb_gather_rows", "lb_sample",
                "lb_convert_f32_f16", "lb_convert_f32_bf16"));
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            names.add("lb_matmul_" + suffix(t));
            names.add("lb_matmul_" + suffix(t) + "_c4");
            names.add("lb_embedding_" + suffix(t));
            if (t.isQuantized()) {
                names.add("lb_qmatmul_decode_" + suffix(t));
                names.add("lb_qmatmul_mma_" + suffix(t));
            }
        }
        return names;
    }

    /** The kernel name suffix of a weight type. */
    static String suffix(GgmlType t) {
        return switch (t) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K -> t.name().toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("the CUDA backend cannot compute with " + t + " weights");
        };
    }

    static int blocksFor(long count, int threads) {
        return Math.toIntExact((count + threads - 1) / threads);
    }

    private static long align256(long bytes) {
        return (bytes + 255) & ~255L;
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d <= 0) throw new IllegalArgumentException("shape dimensions must be positive: " + java.util.Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
