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
 * {@link PagedKvCache}. A {@link LoraAdapter} may ride on it, applied unmerged.
 */
public final class LlamaModel implements CausalLm {

    private final ModelConfig config;
    private final Backend backend;
    private final ModelWeights weights;
    private final BackendBuffer embedding, outputNorm, output;
    private final LayerWeights[] layers;
    private final AttentionLayout attention;
    private final DecodeGraphs decodeGraphs;
    private final LoraAdapter adapter;
    /** Per adapted weight (GGUF name): A and B already multiplied by alpha/r, on the backend. */
    private final Map<String, BackendBuffer[]> adapterBuffers = new LinkedHashMap<>();
    private final String[][] layerWeightNames;

    // step scratch, grown on demand
    private int capacity;
    private BackendBuffer x, xb, q, k, v, att, hb, hb2, tokens, positions, slots, offsets, logitRows, gathered, logits;
    private BackendBuffer blockTables, loraDown, loraUp;
    private int blockTablesCapacity;
    /** Counts reallocations of the step buffers: a staged step (or a graph captured over one) is valid within one generation. */
    private int buffersGeneration;

    /** A model over {@code weights}, which it owns from now on (closing the model closes them). */
    public LlamaModel(ModelWeights weights) {
        this(weights, null);
    }

    /**
     * A model over {@code weights} (owned from now on) that applies {@code adapter} (null: none) unmerged:
     * {@code y = W·x + B·(A·x)} on every adapted weight, with B scaled by alpha/r once at upload.
     */
    public LlamaModel(ModelWeights weights, LoraAdapter adapter) {
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
        decodeGraphs = new DecodeGraphs(backend);
        this.adapter = adapter;
        layerWeightNames = new String[layers.length][];
        for (int l = 0; l < layers.length; l++) {
            layerWeightNames[l] = new String[7];
            String[] parts = {TensorNames.ATTN_Q, TensorNames.ATTN_K, TensorNames.ATTN_V, TensorNames.ATTN_OUTPUT,
                    TensorNames.FFN_GATE, TensorNames.FFN_UP, TensorNames.FFN_DOWN};
            for (int i = 0; i < parts.length; i++) layerWeightNames[l][i] = TensorNames.layer(l, parts[i]);
        }
        if (adapter != null) uploadAdapter(adapter);
    }

    private void uploadAdapter(LoraAdapter adapter) {
        adapter.pairs().forEach((name, p) -> {
            float[] b = p.b().clone();
            for (int i = 0; i < b.length; i++) b[i] *= adapter.scale();
            BackendBuffer a = backend.allocate(GgmlType.F32, p.in(), adapter.rank()), scaled = backend.allocate(GgmlType.F32, adapter.rank(), p.out());
            backend.writeFloats(a, 0, p.a(), 0, p.a().length);
            backend.writeFloats(scaled, 0, b, 0, b.length);
            adapterBuffers.put(name, new BackendBuffer[] {a, scaled});
        });
    }

    /** Uploads every weight of {@code weights} to {@code backend}; shapes are checked against {@code config}. */
    public static LlamaModel load(ModelConfig config, WeightSource weights, Backend backend) {
        return load(config, weights, backend, null);
    }

    /** {@link #load(ModelConfig, WeightSource, Backend)} with a LoRA adapter applied unmerged (null: none). */
    public static LlamaModel load(ModelConfig config, WeightSource weights, Backend backend, LoraAdapter adapter) {
        return new LlamaModel(ModelWeights.upload(config, weights, backend), adapter);
    }

    @Override public LoraAdapter adapter() { return adapter; }

    @Override public ModelConfig config() { return config; }

    @Override public Backend backend() { return backend; }

    /** The weights this model runs on. */
    public ModelWeights weights() { return weights; }

    @Override public Map<String, GgmlType> weightTypes() { return weights.storedTypes(); }

    @Override
    public BackendBuffer forward(ForwardBatch batch, PagedKvCache cache) {
        decodeGraphs.run(stage(batch, cache), this::compute);
        return logits;
    }

    /**
     * The host half of {@link #forward}: reserves the rows' cache slots and queues the step's indices (tokens,
     * positions, slots, block tables, logit rows) into the model's step buffers. {@link #compute} then launches
     * the kernels, which read only those buffers; so a backend that captures kernels as a graph can capture
     * {@code compute} once for a batch shape and replay it after each new {@code stage} of the same shape, as long
     * as the step buffers are not reallocated in between ({@link StagedStep#buffersGeneration()}).
     */
    public StagedStep stage(ForwardBatch batch, PagedKvCache cache) {
        int n = batch.size();
        if (n == 0) throw new IllegalArgumentException("empty batch");
        ensureCapacity(n);
        int[] pos = batch.positions();
        int[] toks = batch.tokens();
        int[] slot = new int[n], offset = new int[n];
        for (int r = 0; r < n; r++) {
            if (pos[r] >= config.contextLength()) {
                throw new LightbulbException("position " + pos[r] + " is beyond the model's context length " + config.contextLength());
            }
            if (toks[r] < 0 || toks[r] >= config.vocabSize()) {
                throw new LightbulbException("token id " + toks[r] + " is outside the vocabulary [0, " + config.vocabSize() + ")");
            }
        }
        for (int r = 0; r < n; r++) slot[r] = cache.reserve(batch.sequence(r), pos[r]);
        Map<Integer, Integer> tableStart = new LinkedHashMap<>();
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
            // A whole cache's worth at once: the buffer (and any graph captured over it) then survives growth.
            blockTablesCapacity = Math.max(flat.length, Math.max(2 * blockTablesCapacity, cache.numBlocks()));
            blockTables = backend.allocate(GgmlType.I32, blockTablesCapacity);
            buffersGeneration++;
        }
        int[] wanted = batch.logitRows();
        backend.writeInts(blockTables, 0, flat, 0, flat.length);
        backend.writeInts(tokens, 0, toks, 0, n);
        backend.writeInts(positions, 0, pos, 0, n);
        backend.writeInts(slots, 0, slot, 0, n);
        backend.writeInts(offsets, 0, offset, 0, n);
        if (wanted.length > 0) backend.writeInts(logitRows, 0, wanted, 0, wanted.length);
        return new StagedStep(n, wanted.length, cache, buffersGeneration);
    }

    /**
     * The device half of {@link #forward}: the kernels of a step {@link #stage staged} before, reading nothing from
     * the host. Returns the logits buffer ({@code [step.logitRows(), vocab]}).
     */
    public BackendBuffer compute(StagedStep step) {
        if (step.buffersGeneration() != buffersGeneration) throw new IllegalStateException("the step buffers were reallocated since this step was staged");
        int n = step.rows();
        PagedKvCache cache = step.cache();
        AttentionLayout layout = new AttentionLayout(attention.heads(), attention.kvHeads(), attention.headDim(),
                cache.blockSize(), attention.scale(), attention.slidingWindow());
        int dim = config.dim();
        backend.embed(embedding, tokens, n, x);
        for (int l = 0; l < layers.length; l++) {
            LayerWeights w = layers[l];
            backend.rmsNorm(x, w.attnNorm(), xb, n, config.rmsEps());
            project(layerWeightNames[l][0], xb, w.wq(), q, n);
            project(layerWeightNames[l][1], xb, w.wk(), k, n);
            project(layerWeightNames[l][2], xb, w.wv(), v, n);
            if (w.bq() != null) {
                backend.addBias(q, w.bq(), n);
                backend.addBias(k, w.bk(), n);
                backend.addBias(v, w.bv(), n);
            }
            backend.rope(q, positions, n, config.heads(), config.headDim(), config.rope());
            backend.rope(k, positions, n, config.kvHeads(), config.headDim(), config.rope());
            backend.storeKv(k, v, slots, n, cache.keys(l), cache.values(l));
            backend.attention(q, cache.keys(l), cache.values(l), positions, blockTables, offsets, n, layout, att);
            project(layerWeightNames[l][3], att, w.wo(), xb, n);
            backend.add(x, xb, (long) n * dim);
            backend.rmsNorm(x, w.ffnNorm(), xb, n, config.rmsEps());
            project(layerWeightNames[l][4], xb, w.gate(), hb, n);
            project(layerWeightNames[l][5], xb, w.up(), hb2, n);
            backend.swiglu(hb, hb2, hb, (long) n * config.hiddenDim());
            project(layerWeightNames[l][6], hb, w.down(), xb, n);
            backend.add(x, xb, (long) n * dim);
        }
        int count = step.logitRows();
        if (count == 0) return logits;
        backend.gatherRows(x, logitRows, count, dim, gathered);
        backend.rmsNorm(gathered, outputNorm, gathered, count, config.rmsEps());
        project(TensorNames.OUTPUT, gathered, output, logits, count);
        return logits;
    }

    /** {@code y = x·Wᵀ}, plus the adapter's {@code (x·A)·(sB)} when {@code name} carries one. */
    private void project(String name, BackendBuffer x, BackendBuffer w, BackendBuffer y, int n) {
        backend.matmul(x, w, y, n);
        BackendBuffer[] ab = adapterBuffers.get(name);
        if (ab == null) return;
        backend.matmul(x, ab[0], loraDown, n);
        backend.matmul(loraDown, ab[1], loraUp, n);
        backend.add(y, loraUp, (long) n * ab[1].shape()[1]);
    }

    /** Decode shapes recorded as graphs so far (0 on backends that do not record). */
    int recordedGraphs() {
        return decodeGraphs.size();
    }

    private void ensureCapacity(int rows) {
        if (rows <= capacity) return;
        closeScratch();
        buffersGeneration++;
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
        logitRows = backend.allocate(GgmlType.I32, c);
        if (adapter != null) {
            loraDown = backend.allocate(GgmlType.F32, adapter.rank(), c);
            int widest = Math.max(Math.max(config.dim(), config.queryDim()), Math.max(config.hiddenDim(), config.vocabSize()));
            loraUp = backend.allocate(GgmlType.F32, widest, c);
        }
    }

    private void closeScratch() {
        for (BackendBuffer b : new BackendBuffer[] {x, xb, q, k, v, att, hb, hb2, gathered, logits, tokens, positions, slots, offsets, logitRows,
                loraDown, loraUp}) {
            if (b != null) b.close();
        }
    }

    @Override
    public void close() {
        decodeGraphs.close();
        closeScratch();
        if (blockTables != null) blockTables.close();
        for (BackendBuffer[] ab : adapterBuffers.values()) { ab[0].close(); ab[1].close(); }
        weights.close();
    }
}
