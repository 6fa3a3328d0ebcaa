package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AdamWParams;

/**
 * One AdamW step in the order PyTorch's single-tensor {@code torch.optim.AdamW} applies it, element by element in
 * float: decay the parameter, update the moments, then step by the bias-corrected ratio. The scalar factors
 * (decay, step size, root of the second bias correction) are computed in double and rounded once.
 */
final class AdamWStep {
    private AdamWStep() {}

    /** Elements per task (elementwise: the split changes nothing). */
    private static final int BLOCK = 1 << 14;

    static void apply(float[] p, float[] g, float[] m, float[] v, int n, AdamWParams a, int step) {
        if (step < 1) throw new IllegalArgumentException("AdamW step counts from 1, got " + step);
        float decay = (float) (1 - (double) a.lr() * a.weightDecay());
        float b1 = a.beta1(), b2 = a.beta2(), oneMinusB1 = (float) (1 - (double) b1), oneMinusB2 = (float) (1 - (double) b2);
        float stepSize = (float) (a.lr() / (1 - Math.pow(b1, step)));
        float correction2 = (float) Math.sqrt(1 - Math.pow(b2, step));
        float eps = a.eps();
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
