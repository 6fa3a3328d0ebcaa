package dev.lightbulb.backend;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.sampling.SampleRow;
import dev.lightbulb.backend.sampling.SampledToken;
import dev.lightbulb.tensor.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * The operations a transformer forward pass needs, on memory the backend owns.
 *
 * <h2>Batches</h2>
 * Every op works on a batch of {@code rows}: one row per token of the step, where rows may belong to different
 * sequences and mix prefill chunks with decode tokens. Activations are flat F32 buffers of {@code [rows, d]};
 * per-row indices (tokens, positions, cache slots, block-table offsets) are I32 buffers of {@code [rows]}.
 * Buffers may be larger than needed (see {@link BackendBuffer}).
 *
 * <h2>Batch invariance (contract)</h2>
 * The result for a row depends only on that row's inputs (and, for attention, its own sequence's cache), never
 * on the number of rows, the other rows or the thread count: every reduction (dot product, norm, softmax,
 * weighted sum) is done in one fixed order per row, whatever the batch. Greedy outputs at batch 1 and 256
 * are therefore identical.
 *
 * <h2>Numerics</h2>
 * Weights stay in their stored {@link GgmlType}. The CPU backend multiplies float32 activations by weights
 * dequantised to float32 (no Q8_0 rounding of activations), accumulating in float32; other backends must agree
 * with it within a dtype-dependent tolerance (tested on random inputs).
 *
 * <h2>Paged KV cache</h2>
 * The cache of one layer is a pair of F32 buffers of shape {@code [kvDim, numBlocks * blockSize]}; a cache slot
 * is {@code block * blockSize + offsetInBlock}. Each sequence has a block table (a list of block numbers); the
 * tables of a step are concatenated in one I32 buffer and each row names where its sequence's table starts.
 * Position p of a sequence lives in slot {@code table[p / blockSize] * blockSize + p % blockSize}.
 *
 * <p>Ops are called from one thread at a time; a backend may parallelise inside an op.
 */
public interface Backend extends AutoCloseable {

    /** Short name, e.g. "cpu" or "cuda". */
    String name();

    /** Human-readable device description, e.g. "CPU, 2 cores, Vector API 256-bit" or the GPU name. */
    String device();

    /**
     * The arithmetic this backend's results come from, e.g. "cpu-f32" or "cuda-q8-activations": recorded with
     * every episode, so that results of different numerics are never mixed in one results folder. Two backends
     * (or modes) may share a name only if they produce bit-identical results.
     */
    default String numerics() { return name(); }

    /**
     * Whether {@link #matmul} and {@link #embed} accept weights of this type: by default the types lightbulb has
     * codecs and kernels for ({@link GgmlType#isSupported()}); a backend with fewer overrides this.
     */
    default boolean supportsWeightType(GgmlType type) {
        return type.isSupported();
    }

    // ---------------------------------------------------------------- memory

    /**
     * About how many bytes of buffers this backend can still allocate (Long.MAX_VALUE when it cannot tell). Callers
     * check a large allocation whose size comes from the user (a KV cache for {@code --context}) against it first, so
     * that a size the machine cannot hold is one clear error instead of an out-of-memory failure.
     */
    default long availableMemory() {
        return Long.MAX_VALUE;
    }

    /** A zero-filled buffer of F32 or I32 elements with this shape (ggml order). */
    BackendBuffer allocate(GgmlType type, long... shape);

    /**
     * A buffer holding a copy of {@code data}, which is in ggml's byte layout for {@code type} (little-endian;
     * {@code type.bytesFor(elements)} bytes). Used for weights; the backend may keep its own copy or, for host
     * backends, keep a read-only view of a memory-mapped file as long as that mapping stays alive.
     */
    BackendBuffer upload(GgmlType type, long[] shape, MemorySegment data);

    /** Copies {@code length} floats from {@code src[srcOffset..]} into F32 buffer {@code dst} at element {@code dstOffset}. */
    void writeFloats(BackendBuffer dst, long dstOffset, float[] src, int srcOffset, int length);

    /** Copies {@code length} floats of F32 buffer {@code src} from element {@code srcOffset} into {@code dst[dstOffset..]}. */
    void readFloats(BackendBuffer src, long srcOffset, float[] dst, int dstOffset, int length);

    /** Copies ints into I32 buffer {@code dst} at element {@code dstOffset}. */
    void writeInts(BackendBuffer dst, long dstOffset, int[] src, int srcOffset, int length);

    /** Copies ints out of I32 buffer {@code src} from element {@code srcOffset}. */
    void readInts(BackendBuffer src, long srcOffset, int[] dst, int dstOffset, int length);

    // ---------------------------------------------------------------- ops

    /**
     * {@code out[r, :] = dequantise(table row tokens[r])} for r in [0, rows). {@code table} is a weight of shape
     * {@code [dim, vocab]} in any supported type; {@code out} is F32 {@code [rows, dim]}. Token ids out of range are an error
     * ({@link IllegalArgumentException}); an asynchronous backend may raise it at its next read or {@link #synchronize}.
     */
    void embed(BackendBuffer table, BackendBuffer tokens, int rows, BackendBuffer out);

    /**
     * {@code y[rows, n] = x[rows, k] · Wᵀ} where {@code w} has shape {@code [k, n]} (n rows of length k) in its stored
     * type, {@code x} and {@code y} are F32. Each output element is one dot product over k in a fixed order.
     */
    void matmul(BackendBuffer x, BackendBuffer w, BackendBuffer y, int rows);

    /** {@code x[r, :] += bias} for r in [0, rows); {@code bias} is F32 {@code [n]}, {@code x} F32 {@code [rows, n]}. */
    void addBias(BackendBuffer x, BackendBuffer bias, int rows);

    /**
     * RMSNorm: {@code out[r, i] = x[r, i] / sqrt(mean_j(x[r, j]^2) + eps) * weight[i]}, {@code weight} F32 {@code [dim]}.
     * {@code out} may be {@code x}.
     */
    void rmsNorm(BackendBuffer x, BackendBuffer weight, BackendBuffer out, int rows, float eps);

    /**
     * Rotates, in place, every head of {@code x} ({@code [rows, heads * headDim]}) by its row's position
     * ({@code positions}, I32 {@code [rows]}) as {@code rope} says: for pair (a, b) and angle t,
     * {@code a' = a cos t - b sin t}, {@code b' = a sin t + b cos t}.
     */
    void rope(BackendBuffer x, BackendBuffer positions, int rows, int heads, int headDim, RopeSpec rope);

    /**
     * Writes each row's key and value ({@code k}, {@code v}: F32 {@code [rows, kvDim]}) into cache slot
     * {@code slots[r]} (I32 {@code [rows]}) of {@code keyCache} / {@code valueCache}.
     */
    void storeKv(BackendBuffer k, BackendBuffer v, BackendBuffer slots, int rows,
                 BackendBuffer keyCache, BackendBuffer valueCache);

    /**
     * Causal attention over the paged cache. Row r (query {@code q[r, :]}, F32 {@code [rows, heads * headDim]}) is at
     * position {@code positions[r]} of its sequence, whose block table starts at {@code blockTables[tableOffsets[r]]};
     * it attends to positions {@code 0..positions[r]} (or the sliding window) of that sequence, which must already be
     * in the cache (call {@link #storeKv} for the step's rows first — this is what makes a prefill chunk causal).
     * Per head: scores = scale · q·k, softmax (max-subtracted, float32), {@code out = Σ p · v}; positions in
     * ascending order. {@code out} is F32 {@code [rows, heads * headDim]}.
     */
    void attention(BackendBuffer q, BackendBuffer keyCache, BackendBuffer valueCache,
                   BackendBuffer positions, BackendBuffer blockTables, BackendBuffer tableOffsets, int rows,
                   AttentionLayout layout, BackendBuffer out);

    /** SwiGLU: {@code out[i] = silu(gate[i]) * up[i]} for i in [0, n), silu(x) = x / (1 + e^-x). {@code out} may alias either input. */
    void swiglu(BackendBuffer gate, BackendBuffer up, BackendBuffer out, long n);

    /** Residual add: {@code acc[i] += x[i]} for i in [0, n). */
    void add(BackendBuffer acc, BackendBuffer x, long n);

    /**
     * {@code dst[j, :] = src[rowIndices[j], :]} for j in [0, count), rows of length {@code rowLength}: picks the rows
     * whose logits are needed before the output projection.
     */
    void gatherRows(BackendBuffer src, BackendBuffer rowIndices, int count, int rowLength, BackendBuffer dst);

    /**
     * Samples one token per row of {@code logits} (F32 {@code [rows.length, vocab]}), each row with its own
     * parameters. A row's result depends only on its logits, its {@link SampleRow} and nothing else
     * (randomness is Philox4x32-10 keyed by (seed, position)).
     */
    SampledToken[] sample(BackendBuffer logits, int vocab, SampleRow[] rows);

    /**
     * Records the ops {@code step} calls (no host copies, no reads, no sampling) as a {@link StepGraph}, or empty when
     * this backend does not record steps (the CPU backend; CUDA with graphs switched off). The step must have run
     * once before, so that every buffer and constant it uses exists: recording allocates nothing.
     */
    default java.util.Optional<StepGraph> record(Runnable step) {
        return java.util.Optional.empty();
    }

    /**
     * The backward, loss and optimiser ops for finetuning ({@link TrainingOps}). A backend that does not offer them
     * (the default) throws a {@link LightbulbException} that names it and says why; callers ask once, before training.
     */
    default TrainingOps trainingOps() {
        throw new LightbulbException("the " + name() + " backend does not offer the training ops (finetuning runs on --backend cpu)");
    }

    /**
     * Bytes an engine may give its KV cache by default on this backend's memory: the CPU's is the Java heap (a
     * quarter of it, at most 1 GiB).
     */
    default long kvCacheBudgetBytes() {
        return Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
    }

    /** Waits until all queued work is done (no-op for synchronous backends). */
    default void synchronize() {}

    /** Frees backend-wide resources. Buffers should be closed first. */
    @Override
    void close();
}
