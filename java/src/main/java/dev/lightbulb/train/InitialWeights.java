package dev.lightbulb.train;

import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.model.WeightSource;
import dev.lightbulb.tensor.HostTensor;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * The starting weights of a model trained from scratch, GPT-2's initialisation: every matrix normal with standard
 * deviation 0.02, the two projections that write into the residual stream (attention output, MLP down) scaled by
 * 1/sqrt(2·layers) so the stream's variance does not grow with depth, norms one, biases zero. Each tensor draws from
 * its own stream (seed and the tensor's name), so the values do not depend on the order tensors are asked for.
 */
final class InitialWeights implements WeightSource {
    private static final double STD = 0.02;

    private final ModelConfig config;
    private final long seed;
    private final Map<String, long[]> shapes;

    InitialWeights(ModelConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        this.shapes = TensorNames.shapes(config);
    }

    @Override public String origin() { return "random initialisation (seed " + seed + ")"; }

    @Override public boolean has(String name) { return shapes.containsKey(name); }

    @Override
    public HostTensor tensor(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) throw new IllegalArgumentException("no tensor " + name + " in " + config.architecture());
        float[] v = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        if (name.contains("norm")) {
            java.util.Arrays.fill(v, 1f);
        } else if (shape.length > 1) {
            boolean residual = name.endsWith(TensorNames.ATTN_OUTPUT) || name.endsWith(TensorNames.FFN_DOWN);
            double std = residual ? STD / Math.sqrt(2.0 * config.layers()) : STD;
            SplittableRandom r = new SplittableRandom(seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L));
            for (int i = 0; i < v.length; i++) v[i] = (float) (std * gaussian(r));
        }
        return HostTensor.ofFloats(name, v, shape);
    }

    /** A standard normal draw (Box–Muller, one of the pair). */
    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(), w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
