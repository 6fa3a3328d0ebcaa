package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AdamWParams;

/**
 * One AdamW step in the order PyTorch's single-tensor {@code torch.optim.AdamW} applies it, element by element in
 * float: decay the parameter, update the moments, then step by the bias-corrected ratio. The scalar factors
 * are {@link AdamWParams#factors}.
 */
final class AdamWStep {
    private AdamWStep() {}

    /** Elements per task (elementwise: the split changes nothing). */
    private static final int BLOCK = 1 << 14;

    static void apply(float[] p, float[] g, float[] m, float[] v, int n, AdamWParams a, int step) {
        AdamWParams.StepFactors f = a.factors(step);
        float decay = f.decay(), b1 = a.beta1(), b2 = a.beta2(), oneMinusB1 = f.oneMinusBeta1(), oneMinusB2 = f.oneMinusBeta2();
        float stepSize = f.stepSize(), correction2 = f.correction2(), eps = a.eps();
        Tasks.range(Tasks.ceilDiv(n, BLOCK), 8L * n).forEach(block -> {
            for (int i = block * BLOCK, end = Math.min(n, i + BLOCK); i < end; i++) {
                float grad = g[i];
                p[i] *= decay;
                m[i] = m[i] * b1 + grad * oneMinusB1;
                v[i] = v[i] * b2 + grad * grad * oneMinusB2;
                float denominator = (float) Math.sqrt(v[i]) / correction2 + eps;
                p[i] -= stepSize * (m[i] / denominator);
            }
        });
    }
}
