package dev.lightbulb.backend.cpu;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.backend.sampling.ParallelFor;
import dev.lightbulb.backend.sampling.SampleRow;
import dev.lightbulb.backend.sampling.SampledToken;
import dev.lightbulb.backend.sampling.Sampler;
import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The CPU backend: Java Vector API, float32 activations, weights kept in their stored GGML type.
 *
 * <p>Activation choice: activations are <b>not</b> rounded to Q8_0 before a quantised dot product (llama.cpp does
 * that); a weight row is dequantised to float32 exactly as the ggml-exact {@link BlockCodec} does ({@link RowDecoder})
 * and multiplied in float32. This is the
 * "f64_dequant" path of the reference files, which the greedy tests follow.
 *
 * <p>Parallelism is over output rows (matmul) or (row, head) pairs (attention); a dot product is never split
 * across threads, so results do not depend on the thread count or the batch (see {@link Backend}).
 */
public final class CpuBackend implements Backend {

    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Below this many multiply-adds an op runs on the calling thread; forking costs more than it saves. */
    private static final long PARALLEL_THRESHOLD = 1 << 17;

    private final CpuTrainingOps training = new CpuTrainingOps();
    /** Whether matmul and attention run the native AVX-512 kernels ({@link NativeLibrary}); the Java ones give the same bits. */
    private final boolean nativeKernels;

    /** The CPU backend, with the native matmul where it is available. */
    public CpuBackend() {
        this(true);
    }

    /** With {@code allowNative} false the Java kernels run even where the native ones are available (tests, benchmarks). */
    CpuBackend(boolean allowNative) {
        this.nativeKernels = allowNative && NativeLibrary.available();
    }

    @Override public String name() { return "cpu"; }

    /** F32 activations times weights dequantised to F32, F32 accumulation in a fixed order (the reference). */
    @Override public String numerics() { return "cpu-f32"; }

    @Override
    public String device() {
        return "CPU, " + Runtime.getRuntime().availableProcessors() + " threads, Vector API " + VectorDot.SPECIES.vectorBitSize() + "-bit, "
                + (nativeKernels ? NativeLibrary.describe() : "Java kernels");
    }

    // ---------------------------------------------------------------- memory

    /** The Java heap still free: its maximum less what is in use (garbage included, so this errs low). */
    @Override
    public long availableMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    @Override
    public BackendBuffer allocate(GgmlType type, long... shape) {
        int n = checkedElements(shape);
        return switch (type) {
            case F32 -> CpuBuffer.ofFloats(shape, onHeap(shape, 4L * n, () -> new float[n]));
            case I32 -> CpuBuffer.ofInts(shape, onHeap(shape, 4L * n, () -> new int[n]));
            default -> throw new IllegalArgumentException("allocate: only F32 and I32 buffers, not " + type);
        };
    }

    /** An array the heap may not hold: a clear error instead of an OutOfMemoryError (nothing else is lost when one big array fails). */
    private static <A> A onHeap(long[] shape, long bytes, java.util.function.Supplier<A> array) {
        try {
            return array.get();
        } catch (OutOfMemoryError e) {
            throw new LightbulbException(String.format("the cpu backend cannot allocate %.2f GiB for a %s buffer: the Java heap"
                            + " (at most %.2f GiB) is full; use a smaller --context or model, or give Java more memory (-Xmx)",
                    bytes / GIB, java.util.Arrays.toString(shape), Runtime.getRuntime().maxMemory() / GIB));
        }
    }

    private static final double GIB = 1L << 30;

    @Override
    public BackendBuffer upload(GgmlType type, long[] shape, MemorySegment data) {
        long elements = 1;
        for (long d : shape) elements *= d;
        long bytes = type.bytesFor(elements);
        if (data.byteSize() < bytes) {
            throw new IllegalArgumentException("upload: " + type + " " + java.util.Arrays.toString(shape) + " needs " + bytes + " bytes, got " + data.byteSize());
        }
        if (type == GgmlType.F32 && elements < Integer.MAX_VALUE) {
            int n = (int) elements;
            float[] f = onHeap(shape, bytes, () -> new float[n]);
            MemorySegment.copy(data, LE_FLOAT, 0, f, 0, f.length);
            return CpuBuffer.ofFloats(shape, f);
        }
        if (type == GgmlType.I32) {
            int[] v = new int[checkedElements(shape)];
            MemorySegment.copy(data, ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, v, 0, v.length);
            return CpuBuffer.ofInts(shape, v);
        }
        if (!supportsWeightType(type)) throw new IllegalArgumentException("the CPU backend cannot compute with " + type + " weights");
        return CpuBuffer.ofBlocks(type, shape, data.asSlice(0, bytes).asReadOnly());
    }

    @Override
    public void writeFloats(BackendBuffer dst, long dstOffset, float[] src, int srcOffset, int length) {
        System.arraycopy(src, srcOffset, floats(dst), Math.toIntExact(dstOffset), length);
    }

    @Override
    public void readFloats(BackendBuffer src, long srcOffset, float[] dst, int dstOffset, int length) {
        System.arraycopy(floats(src), Math.toIntExact(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void writeInts(BackendBuffer dst, long dstOffset, int[] src, int srcOffset, int length) {
        System.arraycopy(src, srcOffset, ints(dst), Math.toIntExact(dstOffset), length);
    }

    @Override
    public void readInts(BackendBuffer src, long srcOffset, int[] dst, int dstOffset, int length) {
        System.arraycopy(ints(src), Math.toIntExact(srcOffset), dst, dstOffset, length);
    }

    // ---------------------------------------------------------------- ops

    @Override
    public void embed(BackendBuffer table, BackendBuffer tokens, int rows, BackendBuffer out) {
        CpuBuffer t = cpu(table);
        int dim = (int) t.rowLength();
        long vocab = t.rows();
        int[] ids = ints(tokens);
        float[] y = floats(out);
        for (int r = 0; r < rows; r++) {
            int id = ids[r];
            if (id < 0 || id >= vocab) throw new IllegalArgumentException("embed: token id " + id + " outside the vocabulary [0, " + vocab + ")");
            if (t.floats != null) System.arraycopy(t.floats, id * dim, y, r * dim, dim);
            else BlockCodec.of(t.type).dequantize(t.blocks, t.type.bytesFor(dim) * id, y, r * dim, dim);
        }
    }

    @Override
    public void matmul(BackendBuffer x, BackendBuffer w, BackendBuffer y, int rows) {
        CpuBuffer wb = cpu(w);
        int k = (int) wb.rowLength();
        int n = Math.toIntExact(wb.rows());
        float[] xs = floats(x), ys = floats(y);
        requireLength(xs, (long) rows * k, "matmul x");
        requireLength(ys, (long) rows * n, "matmul y");
        // whole four-row tiles. One activation row (decode): two long runs of rows per thread, so that each thread
        // streams its weights in order (measured: 16 short runs per matmul decoded 20-30 % fewer tokens/s)
        int threads = SpinningWorkers.SHARED.threads();
        int chunk = rows == 1 ? Math.max(4, Tasks.ceilDiv(n, 2 * threads * 4) * 4)
                : 4 * Math.max(1, Math.min(16, n / (32 * Runtime.getRuntime().availableProcessors())));
        int chunks = (n + chunk - 1) / chunk;
        if (nativeKernels && NativeMatmul.handles(wb.type)) {   // the same bits as the Java kernels below
            MemorySegment weights = wb.floats != null ? MemorySegment.ofArray(wb.floats) : wb.blocks;
            long rowBytes = wb.type.bytesFor(k);
            if (weights.byteSize() < rowBytes * n) throw new IllegalArgumentException("matmul w: " + weights.byteSize() + " bytes, " + n + " rows need " + rowBytes * n);
            SpinningWorkers.SHARED.run(chunks, (long) n * k * rows >= PARALLEL_THRESHOLD,
                    c -> NativeMatmul.matmul(wb.type, weights, rowBytes, k, xs, rows, ys, n, c * chunk, Math.min(n, c * chunk + chunk)));
            return;
        }
        // one activation row of a block format: dot straight from the weight bytes (BlockDot) or from the row
        // unpacked to int8 (QuantizedRow). More rows: decode a tile of four weight rows once, then each activation
        // row meets the four in one pass (VectorDot.dot4). Every output gets dot's order, so the same bits everywhere.
        boolean blockDot = rows == 1 && BlockDot.available() && (wb.type == GgmlType.Q8_0 || wb.type == GgmlType.Q4_0);
        // (several rows decode through RowDecoder in one pass, except Q4_K, which it only has as a scalar codec)
        boolean unpack = !blockDot && wb.floats == null && QuantizedRow.handles(wb.type) && QuantizedRow.available()
                && (rows == 1 || wb.type == GgmlType.Q4_K);
        SpinningWorkers.SHARED.run(chunks, (long) n * k * rows >= PARALLEL_THRESHOLD, c -> {
            MatmulScratch scratch = MatmulScratch.ofThisThread();
            QuantizedRow unpacked = unpack ? scratch.row(wb.type, k) : null;
            long rowBytes = wb.type.bytesFor(k);
            int start = c * chunk, end = Math.min(n, start + chunk);
            if (blockDot || unpack && rows == 1) {
                for (int j = start; j < end; j++) {
                    long off = rowBytes * j;
                    if (!blockDot) ys[j] = unpacked.unpack(wb.type, wb.blocks, off).dot(xs, 0);
                    else ys[j] = wb.type == GgmlType.Q8_0 ? BlockDot.q8_0(wb.blocks, off, xs, 0, k) : BlockDot.q4_0(wb.blocks, off, xs, 0, k);
                }
                return;
            }
            float[] tile = wb.floats != null ? wb.floats : scratch.tile(4 * k);
            int j = start;
            for (; j + 4 <= end; j += 4) {
                int base = wb.floats != null ? j * k : 0;
                if (wb.floats == null) for (int t = 0; t < 4; t++) decode(wb, unpacked, j + t, tile, t * k);
                for (int r = 0; r < rows; r++) VectorDot.dot4(tile, base, base + k, base + 2 * k, base + 3 * k, xs, r * k, k, ys, r * n + j, 1);
            }
            for (; j < end; j++) {   // fewer than four rows left
                int base = wb.floats != null ? j * k : 0;
                if (wb.floats == null) decode(wb, unpacked, j, tile, 0);
                for (int r = 0; r < rows; r++) ys[r * n + j] = VectorDot.dot(tile, base, xs, r * k, k);
            }
        });
    }

    /** Weight row {@code j} decoded to {@code dst[at .. at+k)} (through the unpacked form when there is one). */
    private static void decode(CpuBuffer w, QuantizedRow unpacked, int j, float[] dst, int at) {
        int k = (int) w.rowLength();
        long off = w.type.bytesFor(k) * j;
        if (unpacked != null) unpacked.unpack(w.type, w.blocks, off).decode(dst, at);
        else RowDecoder.decode(w.type, w.blocks, off, dst, at, k);
    }

    @Override
    public void addBias(BackendBuffer x, BackendBuffer bias, int rows) {
        float[] xs = floats(x), b = floats(bias);
        int n = b.length;
        for (int r = 0; r < rows; r++) for (int i = 0; i < n; i++) xs[r * n + i] += b[i];
    }

    @Override
    public void rmsNorm(BackendBuffer x, BackendBuffer weight, BackendBuffer out, int rows, float eps) {
        float[] xs = floats(x), w = floats(weight), ys = floats(out);
        int dim = w.length;
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            double ss = 0;   // sum of squares in double, as ggml does
            for (int i = 0; i < dim; i++) ss += (double) xs[o + i] * xs[o + i];
            float scale = (float) (1.0 / Math.sqrt(ss / dim + eps));
            for (int i = 0; i < dim; i++) ys[o + i] = xs[o + i] * scale * w[i];
        }
    }

    @Override
    public void rope(BackendBuffer x, BackendBuffer positions, int rows, int heads, int headDim, RopeSpec rope) {
        RopeRotation.rotate(floats(x), ints(positions), rows, heads, headDim, rope, false);
    }

    @Override
    public void storeKv(BackendBuffer k, BackendBuffer v, BackendBuffer slots, int rows, BackendBuffer keyCache, BackendBuffer valueCache) {
        float[] ks = floats(k), vs = floats(v), kc = floats(keyCache), vc = floats(valueCache);
        int kvDim = (int) cpu(keyCache).rowLength();
        int[] slot = ints(slots);
        long capacity = cpu(keyCache).rows();
        for (int r = 0; r < rows; r++) {
            if (slot[r] < 0 || slot[r] >= capacity) throw new IllegalArgumentException("storeKv: slot " + slot[r] + " outside the cache [0, " + capacity + ")");
            System.arraycopy(ks, r * kvDim, kc, slot[r] * kvDim, kvDim);
            System.arraycopy(vs, r * kvDim, vc, slot[r] * kvDim, kvDim);
        }
    }

    @Override
    public void attention(BackendBuffer q, BackendBuffer keyCache, BackendBuffer valueCache, BackendBuffer positions,
                          BackendBuffer blockTables, BackendBuffer tableOffsets, int rows, AttentionLayout layout, BackendBuffer out) {
        float[] qs = floats(q), kc = floats(keyCache), vc = floats(valueCache), os = floats(out);
        int[] pos = ints(positions), tables = ints(blockTables), offsets = ints(tableOffsets);
        int heads = layout.heads(), hd = layout.headDim();
        long work = 0;
        for (int r = 0; r < rows; r++) work += (long) (pos[r] + 1) * heads * hd;
        // spinning workers start in about a microsecond, so a decode step's dozen heads are worth splitting early
        SpinningWorkers.SHARED.run(rows * heads, work >= PARALLEL_THRESHOLD / 8, task -> {
            int r = task / heads, h = task % heads;
            PagedAttention.rowHead(qs, kc, vc, tables, offsets[r], pos[r], h, layout, os, (r * heads + h) * hd, nativeKernels);
        });
    }

    @Override
    public void swiglu(BackendBuffer gate, BackendBuffer up, BackendBuffer out, long n) {
        float[] g = floats(gate), u = floats(up), y = floats(out);
        int slices = (int) ((n + SWIGLU_SLICE - 1) / SWIGLU_SLICE);
        // element-wise, so slices on several threads give the same bits; Math.exp makes even one row worth sharing
        SpinningWorkers.SHARED.run(slices, slices > 1, slice -> {
            for (int i = slice * SWIGLU_SLICE, end = (int) Math.min(n, i + SWIGLU_SLICE); i < end; i++) {
                float a = g[i];
                y[i] = a / (1f + (float) Math.exp(-a)) * u[i];
            }
        });
    }

    /** Elements per SwiGLU task: a decode row of a small model (2048) is two tasks. */
    private static final int SWIGLU_SLICE = 1024;

    @Override
    public void add(BackendBuffer acc, BackendBuffer x, long n) {
        float[] a = floats(acc), b = floats(x);
        for (int i = 0; i < n; i++) a[i] += b[i];
    }

    @Override
    public void gatherRows(BackendBuffer src, BackendBuffer rowIndices, int count, int rowLength, BackendBuffer dst) {
        float[] s = floats(src), d = floats(dst);
        int[] idx = ints(rowIndices);
        for (int j = 0; j < count; j++) System.arraycopy(s, idx[j] * rowLength, d, j * rowLength, rowLength);
    }

    @Override
    public SampledToken[] sample(BackendBuffer logits, int vocab, SampleRow[] rows) {
        float[] l = floats(logits);
        requireLength(l, (long) rows.length * vocab, "sample logits");
        SampledToken[] result = new SampledToken[rows.length];
        if (rows.length == 1) {   // one row: its exponentials are the work to share
            ParallelFor exps = (count, task) -> SpinningWorkers.SHARED.run(count, true, task);
            result[0] = Sampler.sample(l, 0, vocab, rows[0], exps);
        } else {                  // several: a row per task (each row's result is the same on any thread)
            SpinningWorkers.SHARED.run(rows.length, true, r -> result[r] = Sampler.sample(l, r * vocab, vocab, rows[r]));
        }
        return result;
    }

    /** The Vector API reference implementation of the training ops ({@link CpuTrainingOps}). */
    @Override
    public TrainingOps trainingOps() { return training; }

    @Override public void close() {}

    // ---------------------------------------------------------------- helpers

    private static CpuBuffer cpu(BackendBuffer b) { return CpuBuffer.of(b); }

    private static float[] floats(BackendBuffer b) { return CpuBuffer.floatsOf(b); }

    private static int[] ints(BackendBuffer b) { return CpuBuffer.intsOf(b); }

    private static void requireLength(float[] a, long needed, String what) {
        if (a.length < needed) throw new IllegalArgumentException(what + ": buffer holds " + a.length + " floats, needs " + needed);
    }

    private static int checkedElements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d <= 0) throw new IllegalArgumentException("shape dimensions must be positive: " + java.util.Arrays.toString(shape));
            n = d > Long.MAX_VALUE / n ? Long.MAX_VALUE : n * d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new LightbulbException("the cpu backend holds at most 2^31 elements in one buffer, and a "
                    + java.util.Arrays.toString(shape) + " buffer has more; use a smaller --context or model");
        }
        return (int) n;
    }
}
