package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Llama-family decoder (pre-norm RMSNorm blocks, RoPE attention with GQA, SwiGLU MLP; Qwen2's QKV bias; tied or
 * separate output) whose weights live on a {@link Backend} in their stored types. {@link #forward} runs one step
 * for a {@link ForwardBatch} of rows from any number of sequences, reading and writing a {@link PagedKvCache}.
 */
public final class LlamaModel implements AutoCloseable {

    private record Layer(BackendBuffer attnNorm, BackendBuffer wq, BackendBuffer wk, BackendBuffer wv, BackendBuffer wo,
                         BackendBuffer bq, BackendBuffer bk, BackendBuffer bv,
                         BackendBuffer ffnNorm, BackendBuffer gate, BackendBuffer up, BackendBuffer down) {}

    private final ModelConfig config;
    private final Backend backend;
    private final BackendBuffer embedding, outputNorm, output;
    private final Layer[] layers;
    private final List<BackendBuffer> owned = new ArrayList<>();
    private final AttentionLayout attention;
    private final Map<String, GgmlType> weightTypes = new LinkedHashMap<>();

    // step scratch, grown on demand
    private int capacity;
    private BackendBuffer x, xb, q, k, v, att, hb, hb2, tokens, positions, slots, offsets, gathered, logits;
    private BackendBuffer blockTables;
    private int blockTablesCapacity;

    private LlamaModel(ModelConfig config, WeightSource w, Backend backend) {
        this.config = config;
        this.backend = backend;
        int dim = config.dim(), qDim = config.queryDim(), kvDim = config.kvDim(), hidden = config.hiddenDim();
        try {   // a missing or misshapen weight stops the load: free what was uploaded so far
            embedding = weight(w, "token_embd.weight", dim, config.vocabSize());
            outputNorm = weight(w, "output_norm.weight", dim);
            output = w.has("output.weight") ? weight(w, "output.weight", dim, config.vocabSize()) : embedding;
            List<Layer> blocks = new ArrayList<>();   // grows with the file: a corrupt block count fails at its first missing block
            for (int l = 0; l < config.layers(); l++) {
                String p = "blk." + l + ".";
                blocks.add(new Layer(weight(w, p + "attn_norm.weight", dim),
                        weight(w, p + "attn_q.weight", dim, qDim), weight(w, p + "attn_k.weight", dim, kvDim),
                        weight(w, p + "attn_v.weight", dim, kvDim), weight(w, p + "attn_output.weight", qDim, dim),
                        config.qkvBias() ? weight(w, p + "attn_q.bias", qDim) : null,
                        config.qkvBias() ? weight(w, p + "attn_k.bias", kvDim) : null,
                        config.qkvBias() ? weight(w, p + "attn_v.bias", kvDim) : null,
                        weight(w, p + "ffn_norm.weight", dim),
                        weight(w, p + "ffn_gate.weight", dim, hidden), weight(w, p + "ffn_up.weight", dim, hidden),
                        weight(w, p + "ffn_down.weight", hidden, dim)));
            }
            layers = blocks.toArray(Layer[]::new);
        } catch (RuntimeException e) {
            for (BackendBuffer b : owned) b.close();
            throw e;
        }
        attention = new AttentionLayout(config.heads(), config.kvHeads(), config.headDim(), 1,
                (float) (1 / Math.sqrt(config.headDim())), config.slidingWindow());
    }

    /** Uploads every weight of {@code weights} to {@code backend}; shapes are checked against {@code config}. */
    public static LlamaModel load(ModelConfig config, WeightSource weights, Backend backend) {
        return new LlamaModel(config, weights, backend);
    }

    public ModelConfig config() { return config; }

    public Backend backend() { return backend; }

    /** Stored type of every weight by name (for reports). */
    public Map<String, GgmlType> weightTypes() { return Map.copyOf(weightTypes); }

    /** A KV cache for this model on its backend. */
    public PagedKvCache newKvCache(int blockSize, int numBlocks) {
        return new PagedKvCache(backend, config.layers(), config.kvDim(), blockSize, numBlocks);
    }

    private BackendBuffer weight(WeightSource w, String name, long... shape) {
        HostTensor t = w.tensor(name);
        long[] s = t.shape();
        if (!Arrays.equals(s, shape)) {
            throw new LightbulbException(w.origin() + ": tensor '" + name + "' has shape " + Arrays.toString(s) + ", expected " + Arrays.toString(shape));
        }
        if (!backend.supportsWeightType(t.type()) && !(shape.length == 1 && t.type() == GgmlType.F32)) {
            throw new LightbulbException(w.origin() + ": tensor '" + name + "' has type " + t.type() + ", which the " + backend.name() + " backend cannot compute with");
        }
        BackendBuffer b;
        if (shape.length == 1 && t.type() != GgmlType.F32) {   // norms and biases are used as F32 vectors
            float[] f = t.toFloatArray();
            b = backend.allocate(GgmlType.F32, shape);
            backend.writeFloats(b, 0, f, 0, f.length);
        } else {
            b = backend.upload(t.type(), shape, t.data());
        }
        weightTypes.put(name, t.type());
        owned.add(b);
        return b;
    }

    /**
     * Runs one step. Every row's key and value are stored in {@code cache} at its (sequence, position), then each row
     * attends to its own sequence's positions up to its own. Returns the logits of the rows that want them
     * ({@link ForwardBatch#logitRows()} order), an F32 {@code [count, vocab]} buffer valid until the next call.
     */
    public BackendBuffer forward(ForwardBatch batch, PagedKvCache cache) {
        int n = batch.size();
        if (n == 0) throw new IllegalArgumentException("empty batch");
        ensureCapacity(n);
        int[] pos = batch.positions();
        int[] slot = new int[n], offset = new int[n];
        Map<Integer, Integer> tableStart = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            if (pos[r] >= config.contextLength()) {
                throw new LightbulbException("position " + pos[r] + " is beyond the model's context length " + config.contextLength());
            }
            slot[r] = cache.reserve(batch.sequence(r), pos[r]);
        }
        List<int[]> tables = new ArrayList<>();
        int total = 0;
        for (int r = 0; r < n; r++) {
            Integer start = tableStart.get(batch.sequence(r));
            if (start == null) {
                int[] t = cache.blockTable(batch.sequence(r));
                start = total;
                tableStart.put(batch.sequence(r), start);
                tables.add(t);
                total += t.length;
            }
            offset[r] = start;
        }
        int[] flat = new int[Math.max(1, total)];
        int at = 0;
        for (int[] t : tables) { System.arraycopy(t, 0, flat, at, t.length); at += t.length; }
        if (flat.length > blockTablesCapacity) {
            if (blockTables != null) blockTables.close();
            blockTablesCapacity = Math.max(flat.length, 2 * blockTablesCapacity);
            blockTables = backend.allocate(GgmlType.I32, blockTablesCapacity);
        }
        backend.writeInts(blockTables, 0, flat, 0, flat.length);
        backend.writeInts(tokens, 0, batch.tokens(), 0, n);
        backend.writeInts(positions, 0, pos, 0, n);
        backend.writeInts(slots, 0, slot, 0, n);
        backend.writeInts(offsets, 0, offset, 0, n);
        AttentionLayout layout = new AttentionLayout(attention.heads(), attention.kvHeads(), attention.headDim(),
                cache.blockSize(), attention.scale(), attention.slidingWindow());

        int dim = config.dim();
        backend.embed(embedding, tokens, n, x);
        for (int l = 0; l < layers.length; l++) {
            Layer w = layers[l];
            backend.rmsNorm(x, w.attnNorm, xb, n, config.rmsEps());
            backend.matmul(xb, w.wq, q, n);
            backend.matmul(xb, w.wk, k, n);
            backend.matmul(xb, w.wv, v, n);
            if (w.bq != null) {
                backend.addBias(q, w.bq, n);
                backend.addBias(k, w.bk, n);
                backend.addBias(v, w.bv, n);
            }
            backend.rope(q, positions, n, config.heads(), config.headDim(), config.rope());
            backend.rope(k, positions, n, config.kvHeads(), config.headDim(), config.rope());
            backend.storeKv(k, v, slots, n, cache.keys(l), cache.values(l));
            backend.attention(q, cache.keys(l), cache.values(l), positions, blockTables, offsets, n, layout, att);
            backend.matmul(att, w.wo, xb, n);
            backend.add(x, xb, (long) n * dim);
            backend.rmsNorm(x, w.ffnNorm, xb, n, config.rmsEps());
            backend.matmul(xb, w.gate, hb, n);
            backend.matmul(xb, w.up, hb2, n);
            backend.swiglu(hb, hb2, hb, (long) n * config.hiddenDim());
            backend.matmul(hb, w.down, xb, n);
            backend.add(x, xb, (long) n * dim);
        }
        int[] wanted = batch.logitRows();
        if (wanted.length == 0) return logits;
        backend.writeInts(slots, 0, wanted, 0, wanted.length);      // slots are done with; reuse as row indices
        backend.gatherRows(x, slots, wanted.length, dim, gathered);
        backend.rmsNorm(gathered, outputNorm, gathered, wanted.length, config.rmsEps());
        backend.matmul(gathered, output, logits, wanted.length);
        return logits;
    }

    /** {@link #forward} and download: {@code [count * vocab]} floats. */
    public float[] forwardToHost(ForwardBatch batch, PagedKvCache cache) {
        BackendBuffer l = forward(batch, cache);
        float[] out = new float[batch.logitRows().length * config.vocabSize()];
        backend.readFloats(l, 0, out, 0, out.length);
        return out;
    }

    private void ensureCapacity(int rows) {
        if (rows <= capacity) return;
        closeScratch();
        capacity = Math.max(rows, 2 * capacity);
        long c = capacity;
        x = backend.allocate(GgmlType.F32, config.dim(), c);
        xb = backend.allocate(GgmlType.F32, Math.max(config.dim(), config.queryDim()), c);
        q = backend.allocate(GgmlType.F32, config.queryDim(), c);
        k = backend.allocate(GgmlType.F32, config.kvDim(), c);
        v = backend.allocate(GgmlType.F32, config.kvDim(), c);
        att = backend.allocate(GgmlType.F32, config.queryDim(), c);
        hb = backend.allocate(GgmlType.F32, config.hiddenDim(), c);
        hb2 = backend.allocate(GgmlType.F32, config.hiddenDim(), c);
        gathered = backend.allocate(GgmlType.F32, config.dim(), c);
        logits = backend.allocate(GgmlType.F32, config.vocabSize(), c);
        tokens = backend.allocate(GgmlType.I32, c);
        positions = backend.allocate(GgmlType.I32, c);
        slots = backend.allocate(GgmlType.I32, c);
        offsets = backend.allocate(GgmlType.I32, c);
    }

    private void closeScratch() {
        for (BackendBuffer b : new BackendBuffer[] {x, xb, q, k, v, att, hb, hb2, gathered, logits, tokens, positions, slots, offsets}) {
            if (b != null) b.close();
        }
    }

    @Override
    public void close() {
        closeScratch();
        if (blockTables != null) blockTables.close();
        for (BackendBuffer b : owned) b.close();
    }
}
