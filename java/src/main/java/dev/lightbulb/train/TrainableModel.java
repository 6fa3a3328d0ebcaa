package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.model.LayerWeights;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.ModelWeights;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.model.WeightSource;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Llama-family model (the forward of {@link dev.lightbulb.model.LlamaModel}, over packed documents instead of a KV
 * cache) that computes the loss of a {@link TrainingBatch} and the gradients of its {@link Parameter}s:
 * <ul>
 *   <li>{@link #full}: every weight is a parameter, an F32 copy of an F32, F16 or BF16 base (a tied output
 *       projection is the embedding, so both uses add to one gradient);</li>
 *   <li>{@link #lora}: the base weights stay frozen in their stored types (quantised ones included) and each target
 *       projection gets {@code y += (alpha/r) · B·(A·x)} with F32 adapters A and B as the parameters.</li>
 * </ul>
 * {@link #forwardBackward} keeps what the backward needs (each block's norm inputs, Q/K/V after RoPE, attention output
 * and log-sum-exp, the MLP's gate and up), computes the logits and the cross-entropy a chunk of rows at a time (never
 * rows × vocab floats at once) and runs the backward through every block, adding into the gradients. All arithmetic
 * is the backend's ({@link TrainingOps} for the backward), so a step is bit-reproducible for a batch on the CPU.
 */
public final class TrainableModel implements AutoCloseable {

    /** Logit rows per chunk: at most this many floats of logits exist at once (16 MiB). */
    private static final int LOGIT_FLOATS = 1 << 22;

    /** An adapter on one projection: A ([k, rank]) and B ([rank, n]). */
    private record Adapter(Parameter a, Parameter b, int outWidth) {}

    private final ModelConfig config;
    private final Backend backend;
    private final TrainingOps ops;
    private final ModelWeights weights;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    /** Gradient of each trainable weight buffer (identity: a tied output shares the embedding's). */
    private final Map<BackendBuffer, BackendBuffer> gradients = new IdentityHashMap<>();
    private final Map<String, Adapter> adapters = new LinkedHashMap<>();
    private final float loraScale;
    private final int loraRank;
    private final AttentionLayout attention;
    private Activations acts;

    private TrainableModel(ModelWeights weights, LoraConfig lora) {
        this.weights = weights;
        this.config = weights.config();
        this.backend = weights.backend();
        this.ops = backend.trainingOps();
        this.loraScale = lora == null ? 0 : lora.scale();
        this.loraRank = lora == null ? 0 : lora.rank();
        attention = new AttentionLayout(config.heads(), config.kvHeads(), config.headDim(), 1,
                (float) (1 / Math.sqrt(config.headDim())), config.slidingWindow());
    }

    /**
     * Full finetuning: uploads every weight of {@code source} as an F32 parameter. A quantised weight is an error
     * (its values cannot be updated in place); finetune it with LoRA, or convert the model to F16 first.
     */
    public static TrainableModel full(ModelConfig config, WeightSource source, Backend backend) {
        backend.trainingOps();   // a backend without training ops fails here, before anything is uploaded
        Map<String, BackendBuffer> buffers = new LinkedHashMap<>();
        Map<String, GgmlType> types = new LinkedHashMap<>();
        List<Parameter> made = new ArrayList<>();
        try {
            for (Map.Entry<String, long[]> e : TensorNames.shapes(config).entrySet()) {
                String name = e.getKey();
                if (name.equals(TensorNames.OUTPUT) && !source.has(name)) continue;   // tied to the embedding
                HostTensor t = source.tensor(name);
                if (t.type() != GgmlType.F32 && t.type() != GgmlType.F16 && t.type() != GgmlType.BF16) {
                    throw new LightbulbException(source.origin() + ": tensor '" + name + "' is " + t.type()
                            + "; full finetuning needs F32, F16 or BF16 weights (use --lora over the quantised model, or convert it to F16)");
                }
                if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
                    throw new LightbulbException(source.origin() + ": tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
                            + ", expected " + java.util.Arrays.toString(e.getValue()));
                }
                Parameter p = newParameter(backend, name, e.getValue());
                float[] values = t.toFloatArray();
                backend.writeFloats(p.value(), 0, values, 0, values.length);
                made.add(p);
                buffers.put(name, p.value());
                types.put(name, t.type());
            }
        } catch (RuntimeException e) {
            for (Parameter p : made) { p.value().close(); p.grad().close(); }
            throw e;
        }
        TrainableModel m = new TrainableModel(new ModelWeights(config, backend, buffers, types), null);
        for (Parameter p : made) m.add(p, p.value());
        return m;
    }

    /**
     * LoRA: uploads the base weights as they are (frozen) and adds an adapter on each target projection of every
     * block (and on the output projection when it is a target), A uniform in ±1/sqrt(k) from {@code lora.seed()}
     * (blocks in order, targets in {@link LoraTarget} order, the output last), B zero. A rank larger than a target's smaller dimension is an error.
     */
    public static TrainableModel lora(ModelConfig config, WeightSource source, Backend backend, LoraConfig lora) {
        backend.trainingOps();
        Map<String, long[]> shapes = TensorNames.shapes(config);
        for (LoraTarget target : lora.targets()) {   // in LoraTarget order: the first too small one is named
            long[] s = shapes.get(target.weightName(0));
            if (lora.rank() > Math.min(s[0], s[1])) {
                throw new LightbulbException("--lora-rank " + lora.rank() + " is larger than the " + target.shortName()
                        + " projection allows (" + s[0] + " x " + s[1] + ")");
            }
        }
        TrainableModel m = new TrainableModel(ModelWeights.upload(config, source, backend), lora);
        SplittableRandom random = new SplittableRandom(lora.seed());
        try {
            for (int l = 0; l < config.layers(); l++) {
                for (LoraTarget target : lora.targets()) {
                    if (target.perBlock()) m.addAdapter(target.weightName(l), shapes, lora, random);
                }
            }
            if (lora.targets().contains(LoraTarget.OUTPUT)) m.addAdapter(TensorNames.OUTPUT, shapes, lora, random);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void addAdapter(String name, Map<String, long[]> shapes, LoraConfig lora, SplittableRandom random) {
        long[] s = shapes.get(name);
        Parameter a = newParameter(backend, name + ".lora_a", s[0], lora.rank());
        Parameter b = newParameter(backend, name + ".lora_b", lora.rank(), s[1]);
        float[] init = new float[Math.toIntExact(a.size())];
        double bound = 1 / Math.sqrt(s[0]);
        for (int i = 0; i < init.length; i++) init[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        backend.writeFloats(a.value(), 0, init, 0, init.length);
        add(a, null);
        add(b, null);
        adapters.put(name, new Adapter(a, b, Math.toIntExact(s[1])));
    }

    private static Parameter newParameter(Backend backend, String name, long... shape) {
        BackendBuffer value = backend.allocate(GgmlType.F32, shape), grad = backend.allocate(GgmlType.F32, shape);
        return new Parameter(name, shape.clone(), value, grad, shape.length > 1);
    }

    private void add(Parameter p, BackendBuffer weight) {
        parameters.put(p.name(), p);
        if (weight != null) gradients.put(weight, p.grad());
    }

    public ModelConfig config() { return config; }

    public Backend backend() { return backend; }

    /** The trainable tensors, in a fixed order (GGUF order; adapters block by block). */
    public Collection<Parameter> parameters() { return parameters.values(); }

    /** The parameter of this name; an unknown name is an error. */
    public Parameter parameter(String name) {
        Parameter p = parameters.get(name);
        if (p == null) throw new IllegalArgumentException("no parameter '" + name + "'");
        return p;
    }

    /** Sets every gradient to zero (before a new accumulation). */
    public void zeroGradients() {
        for (Parameter p : parameters.values()) ops.fill(p.grad(), 0f, p.size());
    }

    /** The outcome of one forward and backward: the summed loss of the batch's loss rows, and how many there were. */
    public record Loss(double sum, int tokens) {
        public double mean() { return sum / tokens; }
    }

    /**
     * Runs the forward over {@code batch}, the loss, and the backward, adding {@code gradScale · ∂(Σ loss)/∂θ} into
     * every parameter's gradient ({@code gradScale} is 1 / the loss rows of the whole optimiser step, so that
     * micro-batches add up to the mean). Returns the batch's summed loss (rows in ascending order, in double).
     */
    public Loss forwardBackward(TrainingBatch batch, float gradScale) {
        forward(batch);
        double sum = lossAndOutputBackward(batch, gradScale);
        backwardBlocks(batch.rows());
        BackendBuffer embeddingGrad = gradients.get(weights.embedding());
        if (embeddingGrad != null) ops.embedBackward(acts.dx, acts.tokens, batch.rows(), embeddingGrad);
        return new Loss(sum, batch.lossTokens());
    }

    /** The logits of every row of {@code batch} ({@code [rows * vocab]}), forward only (for checks). */
    public float[] logits(TrainingBatch batch) {
        forward(batch);
        float[] out = new float[batch.rows() * config.vocabSize()];
        for (int c0 = 0; c0 < batch.rows(); c0 += acts.chunkRows) {
            int len = Math.min(acts.chunkRows, batch.rows() - c0);
            outputLogits(c0, len);
            backend.readFloats(acts.logits, 0, out, c0 * config.vocabSize(), len * config.vocabSize());
        }
        return out;
    }

    // ---------------------------------------------------------------- forward

    private void forward(TrainingBatch batch) {
        int n = batch.rows(), dim = config.dim();
        int longest = maxDocumentLength(batch);
        if (longest > config.contextLength()) {
            throw new LightbulbException("a packed document has " + longest + " tokens, more than the model's context length " + config.contextLength());
        }
        ensureCapacity(n);
        backend.writeInts(acts.tokens, 0, batch.tokens(), 0, n);
        backend.writeInts(acts.positions, 0, batch.positions(), 0, n);
        backend.writeInts(acts.docStarts, 0, batch.docStarts(), 0, n);
        backend.embed(weights.embedding(), acts.tokens, n, acts.x);
        for (int l = 0; l < config.layers(); l++) {
            LayerWeights w = weights.layer(l);
            Activations.Block a = acts.blocks[l];
            ops.copy(acts.x, 0, a.xIn, 0, (long) n * dim);
            backend.rmsNorm(a.xIn, w.attnNorm(), a.xn1, n, config.rmsEps());
            project(LoraTarget.Q.weightName(l), a.lora, a.xn1, w.wq(), w.bq(), a.q, n);
            project(LoraTarget.K.weightName(l), a.lora, a.xn1, w.wk(), w.bk(), a.k, n);
            project(LoraTarget.V.weightName(l), a.lora, a.xn1, w.wv(), w.bv(), a.v, n);
            backend.rope(a.q, acts.positions, n, config.heads(), config.headDim(), config.rope());
            backend.rope(a.k, acts.positions, n, config.kvHeads(), config.headDim(), config.rope());
            ops.attentionForward(a.q, a.k, a.v, acts.docStarts, n, attention, a.att, a.lse);
            project(LoraTarget.O.weightName(l), a.lora, a.att, w.wo(), null, acts.projected, n);
            ops.copy(a.xIn, 0, a.xMid, 0, (long) n * dim);
            backend.add(a.xMid, acts.projected, (long) n * dim);
            backend.rmsNorm(a.xMid, w.ffnNorm(), a.xn2, n, config.rmsEps());
            project(LoraTarget.GATE.weightName(l), a.lora, a.xn2, w.gate(), null, a.gate, n);
            project(LoraTarget.UP.weightName(l), a.lora, a.xn2, w.up(), null, a.up, n);
            backend.swiglu(a.gate, a.up, a.h, (long) n * config.hiddenDim());
            project(LoraTarget.DOWN.weightName(l), a.lora, a.h, w.down(), null, acts.projected, n);
            ops.copy(a.xMid, 0, acts.x, 0, (long) n * dim);
            backend.add(acts.x, acts.projected, (long) n * dim);
        }
    }

    private static int maxDocumentLength(TrainingBatch batch) {
        int max = 0;
        for (int p : batch.positions()) max = Math.max(max, p + 1);
        return max;
    }

    /**
     * {@code y = x·Wᵀ (+ bias) (+ scale · (A·x)·Bᵀ)}, keeping the adapter's scaled down-projection in
     * {@code kept.get(name)} for the backward.
     */
    private void project(String name, Map<String, BackendBuffer> kept, BackendBuffer x, BackendBuffer w, BackendBuffer bias,
                         BackendBuffer y, int n) {
        backend.matmul(x, w, y, n);
        if (bias != null) backend.addBias(y, bias, n);
        Adapter adapter = adapters.get(name);
        if (adapter == null) return;
        BackendBuffer down = kept.get(name);
        backend.matmul(x, adapter.a().value(), down, n);
        ops.scale(down, loraScale, (long) n * loraRank);
        backend.matmul(down, adapter.b().value(), acts.loraUp, n);
        backend.add(y, acts.loraUp, (long) n * adapter.outWidth());
    }

    // ---------------------------------------------------------------- loss and output projection

    /** Logits of rows {@code c0 .. c0 + len} into {@code acts.logits}, keeping the chunk's norm input and output. */
    private void outputLogits(int c0, int len) {
        int dim = config.dim();
        ops.copy(acts.x, (long) c0 * dim, acts.chunkX, 0, (long) len * dim);
        backend.rmsNorm(acts.chunkX, weights.outputNorm(), acts.chunkXn, len, config.rmsEps());
        project(TensorNames.OUTPUT, acts.outputLora, acts.chunkXn, weights.output(), null, acts.logits, len);
    }

    /**
     * Chunk by chunk: logits, cross-entropy and dlogits, then back through the output projection and the final norm
     * into {@code acts.dx}. Returns the summed loss.
     */
    private double lossAndOutputBackward(TrainingBatch batch, float gradScale) {
        int n = batch.rows(), dim = config.dim(), vocab = config.vocabSize();
        int[] targets = batch.targets();
        float[] losses = new float[acts.chunkRows];
        BackendBuffer outputNormGrad = gradients.get(weights.outputNorm());
        double sum = 0;
        for (int c0 = 0; c0 < n; c0 += acts.chunkRows) {
            int len = Math.min(acts.chunkRows, n - c0);
            outputLogits(c0, len);
            backend.writeInts(acts.chunkTargets, 0, targets, c0, len);
            ops.crossEntropy(acts.logits, acts.chunkTargets, len, vocab, gradScale, acts.losses);
            backend.readFloats(acts.losses, 0, losses, 0, len);
            for (int r = 0; r < len; r++) sum += losses[r];
            projectBackward(TensorNames.OUTPUT, acts.outputLora, acts.chunkXn, weights.output(), acts.logits, acts.chunkDxn, false, len);
            ops.rmsNormBackward(acts.chunkX, weights.outputNorm(), acts.chunkDxn, acts.chunkDx, outputNormGrad, len, config.rmsEps(), false);
            ops.copy(acts.chunkDx, 0, acts.dx, (long) c0 * dim, (long) len * dim);
        }
        return sum;
    }

    // ---------------------------------------------------------------- backward through the blocks

    private void backwardBlocks(int n) {
        int hidden = config.hiddenDim();
        for (int l = config.layers() - 1; l >= 0; l--) {
            LayerWeights w = weights.layer(l);
            Activations.Block a = acts.blocks[l];
            // MLP: dx holds ∂/∂(block output); the residual passes it on unchanged
            projectBackward(LoraTarget.DOWN.weightName(l), a.lora, a.h, w.down(), acts.dx, acts.dHidden, false, n);
            ops.swigluBackward(a.gate, a.up, acts.dHidden, acts.dGate, acts.dUp, (long) n * hidden);
            projectBackward(LoraTarget.GATE.weightName(l), a.lora, a.xn2, w.gate(), acts.dGate, acts.dxn, false, n);
            projectBackward(LoraTarget.UP.weightName(l), a.lora, a.xn2, w.up(), acts.dUp, acts.dxn, true, n);
            ops.rmsNormBackward(a.xMid, w.ffnNorm(), acts.dxn, acts.dx, gradients.get(w.ffnNorm()), n, config.rmsEps(), true);
            // attention: dx now holds ∂/∂(xMid)
            projectBackward(LoraTarget.O.weightName(l), a.lora, a.att, w.wo(), acts.dx, acts.dAtt, false, n);
            ops.attentionBackward(a.q, a.k, a.v, a.att, a.lse, acts.dAtt, acts.docStarts, n, attention, acts.dq, acts.dk, acts.dv);
            ops.ropeBackward(acts.dq, acts.positions, n, config.heads(), config.headDim(), config.rope());
            ops.ropeBackward(acts.dk, acts.positions, n, config.kvHeads(), config.headDim(), config.rope());
            if (w.bq() != null) {
                biasBackward(w.bq(), acts.dq, n);
                biasBackward(w.bk(), acts.dk, n);
                biasBackward(w.bv(), acts.dv, n);
            }
            projectBackward(LoraTarget.Q.weightName(l), a.lora, a.xn1, w.wq(), acts.dq, acts.dxn, false, n);
            projectBackward(LoraTarget.K.weightName(l), a.lora, a.xn1, w.wk(), acts.dk, acts.dxn, true, n);
            projectBackward(LoraTarget.V.weightName(l), a.lora, a.xn1, w.wv(), acts.dv, acts.dxn, true, n);
            ops.rmsNormBackward(a.xIn, w.attnNorm(), acts.dxn, acts.dx, gradients.get(w.attnNorm()), n, config.rmsEps(), true);
        }
    }

    private void biasBackward(BackendBuffer bias, BackendBuffer dy, int n) {
        BackendBuffer g = gradients.get(bias);
        if (g != null) ops.biasGrad(dy, g, n);
    }

    /**
     * Backward of {@link #project}: {@code dx (+)= dy·W}, the weight's gradient when it is trainable, and the adapter's:
     * {@code dB += dyᵀ·down}, {@code du = scale · dy·B}, {@code dA += duᵀ·x}, {@code dx += du·A}.
     */
    private void projectBackward(String name, Map<String, BackendBuffer> kept, BackendBuffer x, BackendBuffer w, BackendBuffer dy,
                                 BackendBuffer dx, boolean accumulate, int n) {
        ops.matmulInputGrad(dy, w, dx, n, accumulate);
        BackendBuffer g = gradients.get(w);
        if (g != null) ops.matmulWeightGrad(dy, x, g, n);
        Adapter adapter = adapters.get(name);
        if (adapter == null) return;
        ops.matmulWeightGrad(dy, kept.get(name), adapter.b().grad(), n);
        ops.matmulInputGrad(dy, adapter.b().value(), acts.loraDown, n, false);
        ops.scale(acts.loraDown, loraScale, (long) n * loraRank);
        ops.matmulWeightGrad(acts.loraDown, x, adapter.a().grad(), n);
        ops.matmulInputGrad(acts.loraDown, adapter.a().value(), dx, n, true);
    }

    private void ensureCapacity(int rows) {
        if (acts != null && acts.rows >= rows) return;
        if (acts != null) acts.close();
        Map<String, Integer> adapted = new LinkedHashMap<>();
        adapters.forEach((name, adapter) -> adapted.put(name, adapter.outWidth()));
        int chunk = Math.max(1, Math.min(rows, LOGIT_FLOATS / config.vocabSize()));
        acts = new Activations(backend, config, rows, adapted, loraRank, chunk);
    }

    @Override
    public void close() {
        if (acts != null) acts.close();
        for (Parameter p : parameters.values()) {
            p.grad().close();
            if (!gradients.containsKey(p.value())) p.value().close();   // adapters; full parameters are the weights
        }
        weights.close();
    }
}
