package dev.lightbulb.engine;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.model.WeightSource;
import dev.lightbulb.tensor.HostTensor;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Llama model of a given shape with seeded random weights, made in memory (for engine tests and benchmarks:
 * the cost of a step depends on the shape only). Weights are N(0, 1/sqrt(fan-in)); norms are 1 plus noise, biases
 * (when the config has them) noise around 0.
 */
public final class RandomWeights implements WeightSource {
    private final ModelConfig config;
    private final long seed;
    private final Map<String, long[]> shapes;
    private final Map<String, HostTensor> made = new HashMap<>();

    public RandomWeights(ModelConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        shapes = TensorNames.shapes(config);
    }

    /** A Llama config with llama2.c's conventions (interleaved RoPE, theta 10000, eps 1e-5). */
    public static ModelConfig llama(int dim, int layers, int heads, int kvHeads, int hidden, int vocab, int context) {
        int headDim = dim / heads;
        return new ModelConfig("llama", dim, layers, heads, kvHeads, headDim, hidden, vocab, context, 1e-5f,
                RopeSpec.standard(RopeLayout.NORM, headDim, 10000), false, 0);
    }

    /** The shape of the TinyStories 15M model (dim 288, 6 layers, 6 heads, hidden 768, vocab 32000, context 256). */
    public static ModelConfig stories15M() { return llama(288, 6, 6, 6, 768, 32000, 256); }

    public ModelConfig config() { return config; }

    @Override
    public String origin() { return "random weights (seed " + seed + ")"; }

    @Override
    public boolean has(String name) { return shapes.containsKey(name); }

    @Override
    public synchronized HostTensor tensor(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) throw new LightbulbException(origin() + ": no tensor '" + name + "'");
        return made.computeIfAbsent(name, n -> {
            int count = Math.toIntExact(shape.length == 1 ? shape[0] : shape[0] * shape[1]);
            SplittableRandom r = new SplittableRandom(seed ^ n.hashCode() * 0x9E3779B97F4A7C15L);
            float[] v = new float[count];
            double scale = shape.length == 1 ? 0.1 : 1 / Math.sqrt(shape[0]);
            double mean = shape.length == 1 && !n.endsWith(".bias") ? 1 : 0;   // norms around 1, biases and matrices around 0
            for (int i = 0; i < count; i++) v[i] = (float) (mean + scale * gaussian(r));
            return HostTensor.ofFloats(n, v, shape);
        });
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

}
