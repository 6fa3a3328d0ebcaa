package dev.lightbulb.engine;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.model.WeightSource;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.HostTensor;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A Llama model of a given shape with seeded random weights, made in memory (for engine tests and benchmarks:
 * the cost of a step depends on the shape only). Weights are N(0, 1/sqrt(fan-in)), stored as {@code type}
 * (F32 by default; F16, BF16 or a quantised type for benchmarks); norms are 1 plus noise and biases (when
 * the config has them) noise around 0, always F32.
 * Values are drawn in fixed chunks, each from its own seeded generator, so a tensor is the same whatever the
 * thread count. Small models keep their tensors (a test may load them on two backends); large ones are made
 * again on each request, so a 8B-shaped model never holds its float32 copy in memory all at once.
 */
public final class RandomWeights implements WeightSource {
    private static final int CHUNK = 1 << 16;
    private static final long CACHE_LIMIT_PARAMETERS = 100_000_000L;

    private final ModelConfig config;
    private final long seed;
    private final GgmlType type;
    private final boolean cache;
    private final Map<String, long[]> shapes;
    private final Map<String, HostTensor> made = new HashMap<>();

    public RandomWeights(ModelConfig config, long seed) {
        this(config, seed, GgmlType.F32);
    }

    public RandomWeights(ModelConfig config, long seed, GgmlType type) {
        this.config = config;
        this.seed = seed;
        this.type = type;
        this.cache = parameters(config) <= CACHE_LIMIT_PARAMETERS;
        this.shapes = TensorNames.shapes(config);
    }

    /** Parameters of a Llama model of this shape with a separate output matrix. */
    public static long parameters(ModelConfig c) {
        long dim = c.dim(), perLayer = 2 * dim + dim * c.queryDim() + 2 * dim * c.kvDim() + c.queryDim() * dim + 3 * dim * c.hiddenDim();
        return 2 * dim * c.vocabSize() + dim + c.layers() * perLayer;
    }

    /** A Llama config with llama2.c's conventions (interleaved RoPE, theta 10000, eps 1e-5). */
    public static ModelConfig llama(int dim, int layers, int heads, int kvHeads, int hidden, int vocab, int context) {
        int headDim = dim / heads;
        return new ModelConfig("llama", dim, layers, heads, kvHeads, headDim, hidden, vocab, context, 1e-5f,
                RopeSpec.standard(RopeLayout.NORM, headDim, 10000), false, 0);
    }

    /** The shape of the TinyStories 15M model (dim 288, 6 layers, 6 heads, hidden 768, vocab 32000, context 256). */
    public static ModelConfig stories15M() { return llama(288, 6, 6, 6, 768, 32000, 256); }

    /** The shape of the TinyStories 110M model (dim 768, 12 layers, 12 heads, hidden 2048, vocab 32000). */
    public static ModelConfig stories110M(int context) { return llama(768, 12, 12, 12, 2048, 32000, context); }

    /** A 1B shape with a 32000-token vocabulary (dim 2048, 16 layers, 32/8 heads, hidden 8192, llama2.c conventions). */
    public static ModelConfig llama1B32k(int context) { return llama(2048, 16, 32, 8, 8192, 32000, context); }

    /**
     * A shape by name, for the bench commands: stories15M, stories110M, 1b-32k (llama2.c conventions), llama3.2-1b or
     * llama3-8b (Llama 3 vocabulary and RoPE).
     */
    public static ModelConfig shape(String name, int context) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "stories15m" -> stories15M().withContextLength(context);
            case "stories110m" -> stories110M(context);
            case "1b-32k" -> llama1B32k(context);
            case "llama3.2-1b" -> llama32_1B(context);
            case "llama3-8b" -> llama3_8B(context);
            default -> throw new LightbulbException("unknown shape '" + name + "' (expected stories15M, stories110M, 1b-32k, llama3.2-1b or llama3-8b)");
        };
    }

    /** A Llama 3 config (RoPE theta 500000, 128256-token vocabulary) of the given size. */
    public static ModelConfig llama3(int dim, int layers, int heads, int kvHeads, int hidden, int context) {
        int headDim = dim / heads;
        return new ModelConfig("llama", dim, layers, heads, kvHeads, headDim, hidden, 128256, context, 1e-5f,
                RopeSpec.standard(RopeLayout.NORM, headDim, 500000), false, 0);
    }

    /** Llama-3.2-1B's shape: dim 2048, 16 layers, 32/8 heads, hidden 8192 (its output matrix untied here). */
    public static ModelConfig llama32_1B(int context) { return llama3(2048, 16, 32, 8, 8192, context); }

    /** Llama-3-8B's shape: dim 4096, 32 layers, 32/8 heads, hidden 14336. */
    public static ModelConfig llama3_8B(int context) { return llama3(4096, 32, 32, 8, 14336, context); }

    public ModelConfig config() { return config; }

    @Override
    public String origin() { return "random " + type + " weights (seed " + seed + ")"; }

    @Override
    public boolean has(String name) { return shapes.containsKey(name); }

    @Override
    public synchronized HostTensor tensor(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) throw new LightbulbException(origin() + ": no tensor '" + name + "'");
        if (!cache) return make(name, shape);
        return made.computeIfAbsent(name, n -> make(n, shape));
    }

    private HostTensor make(String name, long[] shape) {
        int count = Math.toIntExact(shape.length == 1 ? shape[0] : shape[0] * shape[1]);
        boolean vector = shape.length == 1;
        double mean = vector && !name.endsWith(".bias") ? 1 : 0;   // norms around 1, biases and matrices around 0
        double scale = vector ? 0.1 : 1 / Math.sqrt(shape[0]);
        long tensorSeed = seed ^ name.hashCode() * 0x9E3779B97F4A7C15L;
        float[] v = new float[count];
        IntStream.range(0, (count + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> {
            SplittableRandom r = new SplittableRandom(tensorSeed + chunk * 0xBF58476D1CE4E5B9L);
            for (int i = chunk * CHUNK, end = Math.min(count, i + CHUNK); i < end; i++) v[i] = (float) (mean + scale * gaussian(r));
        });
        return vector || type == GgmlType.F32 ? HostTensor.ofFloats(name, v, shape) : HostTensor.quantize(name, type, v, shape);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

}
