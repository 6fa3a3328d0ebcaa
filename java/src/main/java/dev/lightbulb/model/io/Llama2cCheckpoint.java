package dev.lightbulb.model.io;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A llama2.c checkpoint ({@code .bin}, the legacy "version 0" export), memory-mapped.
 * Layout: 7 int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len; a negative vocab_size
 * means the classifier is stored separately), then float32 arrays: token embedding, attention norms, wq, wk, wv,
 * wo, ffn norms, w1, w2, w3, final norm, the RoPE tables freq_cis_real/imag (unused), and wcls if not shared.
 * Each matrix is row-major [out][in], which in ggml order is shape {in, out}.
 * Tensors are exposed under llama.cpp's GGUF names, in the order llama.cpp's converter writes them.
 */
public final class Llama2cCheckpoint implements AutoCloseable {
    private static final int HEADER_BYTES = 7 * 4;

    private final Path path;
    private final Arena arena;
    private final int dim, hiddenDim, layers, heads, kvHeads, vocabSize, seqLen;
    private final boolean sharedClassifier;
    private final Map<String, HostTensor> tensors;

    private Llama2cCheckpoint(Path path, Arena arena, MemorySegment file) {
        this.path = path;
        this.arena = arena;
        SegmentReader in = new SegmentReader(path, file);
        int magic = file.byteSize() >= 4 ? in.i32("magic") : 0;
        if (magic == 0x616b3432) { // "ak42": llama2.c's versioned export (export.py version >= 1)
            throw in.error("this is a versioned llama2.c export (magic \"ak42\"); only the legacy version-0 .bin is supported");
        }
        in.seek(0);
        dim = positive(in, in.i32("header dim"), "dim");
        hiddenDim = positive(in, in.i32("header hidden_dim"), "hidden_dim");
        layers = positive(in, in.i32("header n_layers"), "n_layers");
        heads = positive(in, in.i32("header n_heads"), "n_heads");
        kvHeads = positive(in, in.i32("header n_kv_heads"), "n_kv_heads");
        int rawVocab = in.i32("header vocab_size");
        seqLen = positive(in, in.i32("header seq_len"), "seq_len");
        if (rawVocab == 0 || rawVocab == Integer.MIN_VALUE) throw in.error("header vocab_size is " + rawVocab);
        sharedClassifier = rawVocab > 0;
        vocabSize = Math.abs(rawVocab);
        if (dim % heads != 0) throw in.error("header dim " + dim + " is not a multiple of n_heads " + heads);
        if (heads % kvHeads != 0) throw in.error("header n_heads " + heads + " is not a multiple of n_kv_heads " + kvHeads);
        int headSize = dim / heads;
        if (headSize % 2 != 0) throw in.error("header dim / n_heads = " + headSize + " is odd: RoPE rotates pairs, so the head size must be even");
        long kvDim = (long) kvHeads * headSize;

        long expectedBytes;
        try { // exact arithmetic: a corrupt header must not wrap around to the file's size
            long floats = sum(product(vocabSize, dim), product(2, layers, dim), product(2, layers, dim, dim),
                    product(2, layers, dim, kvDim), product(3, layers, dim, hiddenDim), dim, product(seqLen, headSize),
                    sharedClassifier ? 0 : product(vocabSize, dim));
            expectedBytes = Math.addExact(HEADER_BYTES, Math.multiplyExact(4L, floats));
        } catch (ArithmeticException e) {
            throw in.error("header sizes (dim " + dim + ", n_layers " + layers + ", vocab_size " + rawVocab + ") are too large");
        }
        if (file.byteSize() != expectedBytes) {
            throw in.error("size " + file.byteSize() + " bytes does not match its header (dim " + dim + ", hidden_dim "
                    + hiddenDim + ", n_layers " + layers + ", n_heads " + heads + ", n_kv_heads " + kvHeads
                    + ", vocab_size " + rawVocab + ", seq_len " + seqLen + "), which needs " + expectedBytes + " bytes");
        }

        // walk the file in llama2.c's order, slicing each weight
        long[] offset = {HEADER_BYTES};
        java.util.function.LongFunction<MemorySegment> next = floats -> {
            MemorySegment s = file.asSlice(offset[0], floats * 4);
            offset[0] += floats * 4;
            return s;
        };
        MemorySegment embedding = next.apply((long) vocabSize * dim);
        MemorySegment attNorm = next.apply((long) layers * dim);
        MemorySegment wq = next.apply((long) layers * dim * dim);
        MemorySegment wk = next.apply((long) layers * dim * kvDim);
        MemorySegment wv = next.apply((long) layers * dim * kvDim);
        MemorySegment wo = next.apply((long) layers * dim * dim);
        MemorySegment ffnNorm = next.apply((long) layers * dim);
        MemorySegment w1 = next.apply((long) layers * dim * hiddenDim);
        MemorySegment w2 = next.apply((long) layers * hiddenDim * dim);
        MemorySegment w3 = next.apply((long) layers * dim * hiddenDim);
        MemorySegment finalNorm = next.apply(dim);
        next.apply((long) seqLen * headSize); // freq_cis_real and freq_cis_imag: llama.cpp recomputes RoPE
        MemorySegment classifier = sharedClassifier ? embedding : next.apply((long) vocabSize * dim);

        Map<String, HostTensor> t = new LinkedHashMap<>();
        add(t, "token_embd.weight", embedding, dim, vocabSize);
        add(t, "output_norm.weight", finalNorm, dim);
        add(t, "output.weight", classifier, dim, vocabSize);
        for (int l = 0; l < layers; l++) {
            String b = "blk." + l + ".";
            add(t, b + "attn_q.weight", layer(wq, l, layers), dim, dim);
            add(t, b + "attn_k.weight", layer(wk, l, layers), dim, kvDim);
            add(t, b + "attn_v.weight", layer(wv, l, layers), dim, kvDim);
            add(t, b + "attn_output.weight", layer(wo, l, layers), dim, dim);
            add(t, b + "attn_norm.weight", layer(attNorm, l, layers), dim);
            add(t, b + "ffn_gate.weight", layer(w1, l, layers), dim, hiddenDim);
            add(t, b + "ffn_down.weight", layer(w2, l, layers), hiddenDim, dim);
            add(t, b + "ffn_up.weight", layer(w3, l, layers), dim, hiddenDim);
            add(t, b + "ffn_norm.weight", layer(ffnNorm, l, layers), dim);
        }
        this.tensors = Collections.unmodifiableMap(t);
    }

    private static long sum(long... parts) {
        long total = 0;
        for (long p : parts) total = Math.addExact(total, p);
        return total;
    }

    private static long product(long... factors) {
        long total = 1;
        for (long f : factors) total = Math.multiplyExact(total, f);
        return total;
    }

    private static int positive(SegmentReader in, int value, String field) {
        if (value <= 0) throw in.error("header " + field + " is " + value + ", expected a positive number");
        return value;
    }

    private static MemorySegment layer(MemorySegment all, int l, int layers) {
        long size = all.byteSize() / layers;
        return all.asSlice(l * size, size);
    }

    private static void add(Map<String, HostTensor> t, String name, MemorySegment data, long... shape) {
        t.put(name, new HostTensor(name, GgmlType.F32, shape, data));
    }

    public static Llama2cCheckpoint open(Path path) {
        return MappedFile.open(path, "llama2.c checkpoint", (arena, file) -> new Llama2cCheckpoint(path, arena, file));
    }

    public Path path() { return path; }
    public int dim() { return dim; }
    public int hiddenDim() { return hiddenDim; }
    public int layers() { return layers; }
    public int heads() { return heads; }
    public int kvHeads() { return kvHeads; }
    /** The vocabulary size (the header's absolute value). */
    public int vocabSize() { return vocabSize; }
    public int seqLen() { return seqLen; }
    public int headSize() { return dim / heads; }
    /** True when the header's vocab_size is positive: the classifier is the token embedding. */
    public boolean sharedClassifier() { return sharedClassifier; }

    /** All weights under llama.cpp's GGUF names (F32, ggml shape order), in llama.cpp's converter order. */
    public Map<String, HostTensor> tensors() { return tensors; }

    public HostTensor tensor(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) throw new LightbulbException(path + ": no weight named '" + name + "'");
        return t;
    }

    @Override
    public void close() { arena.close(); }
}
