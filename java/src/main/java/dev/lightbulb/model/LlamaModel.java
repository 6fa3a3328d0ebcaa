package dev.lightbulb.model;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.tensor.GgmlType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Llama-family decoder (pre-norm RMSNorm blocks, RoPE attention with GQA, SwiGLU MLP; Qwen2's QKV bias; tied or
 * separate output) over {@link ModelWeights} that live on a {@link Backend} in their stored types. {@link #forward}
 * runs one step for a {@link ForwardBatch} of rows from any number of sequences, reading and writing a
 * {@link PagedKvCache}.
 */
public final class LlamaModel implements CausalLm {

    private final ModelConfig config;
    private final Backend backend;
    private final ModelWeights weights;
    private final BackendBuffer embedding, outputNorm, output;
    private final LayerWeights[] layers;
    private final AttentionLayout attention;

    // step scratch, grown on demand
    private int capacity;
    private BackendBuffer x, xb, q, k, v, att, hb, hb2, tokens, positions, slots, offsets, gathered, logits;
    private BackendBuffer blockTables;
    private int blockTablesCapacity;

    /** A model over {@code weights}, which it owns from now on (closing the model closes them). */
    public LlamaModel(ModelWeights weights) {
        this.config = weights.config();
        this.backend = weights.backend();
        this.weights = weights;
        embedding = weights.embedding();
        outputNorm = weights.outputNorm();
        output = weights.output();
        layers = new LayerWeights[config.layers()];
        for (int l = 0; l < layers.length; l++) layers[l] = weights.layer(l);
        attention = new AttentionLayout(config.heads(), config.kvHeads(), config.headDim(), 1,
                (float) (1 / Math.sqrt(config.headDim())), config.slidingWindow());
    }

    /** Uploads every weight of {@code weights} to {@code backend}; shapes are checked against {@code config}. */
    public static LlamaModel load(ModelConfig config, WeightSource weights, Backend backend) {
        return new LlamaModel(ModelWeights.upload(config, weights, backend));
    }

    @Override public ModelConfig config() { return config; }

    @Override public Backend backend() { return backend; }

    /** The weights this model runs on. */
    public ModelWeights weights() { return weights; }

    @Override public Map<String, GgmlType> weightTypes() { return weights.storedTypes(); }

    @Override
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
            LayerWeights w = layers[l];
            backend.rmsNorm(x, w.attnNorm(), xb, n, config.rmsEps());
            backend.matmul(xb, w.wq(), q, n);
            backend.matmul(xb, w.wk(), k, n);
            backend.matmul(xb, w.wv(), v, n);
            if (w.bq() != null) {
                backend.addBias(q, w.bq(), n);
                backend.addBias(k, w.bk(), n);
                backend.addBias(v, w.bv(), n);
            }
            backend.rope(q, positions, n, config.heads(), config.headDim(), config.rope());
            backend.rope(k, positions, n, config.kvHeads(), config.headDim(), config.rope());
            backend.storeKv(k, v, slots, n, cache.keys(l), cache.values(l));
            backend.attention(q, cache.keys(l), cache.values(l), positions, blockTables, offsets, n, layout, att);
            backend.matmul(att, w.wo(), xb, n);
            backend.add(x, xb, (long) n * dim);
            backend.rmsNorm(x, w.ffnNorm(), xb, n, config.rmsEps());
            backend.matmul(xb, w.gate(), hb, n);
            backend.matmul(xb, w.up(), hb2, n);
            backend.swiglu(hb, hb2, hb, (long) n * config.hiddenDim());
            backend.matmul(hb, w.down(), xb, n);
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
        weights.close();
    }
}
