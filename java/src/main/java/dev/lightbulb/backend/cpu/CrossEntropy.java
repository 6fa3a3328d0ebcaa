package dev.lightbulb.backend.cpu;

import java.util.Arrays;

/**
 * Cross-entropy fused with its gradient, row by row in place: the row's logits become
 * {@code gradScale · (softmax − onehot(target))}. The exponentials are computed once (in double, {@code Math.exp}) and
 * summed in double in vocabulary order; a negative target masks the row.
 */
final class CrossEntropy {
    private CrossEntropy() {}

    static void lossAndGradient(float[] logits, int[] targets, int rows, int vocab, float gradScale, float[] losses) {
        Tasks.range(rows, 8L * rows * vocab).forEach(r -> {
            int o = r * vocab, t = targets[r];
            if (t < 0) {
                losses[r] = 0f;
                Arrays.fill(logits, o, o + vocab, 0f);
                return;
            }
            if (t >= vocab) throw new IllegalArgumentException("crossEntropy: target " + t + " of row " + r + " outside the vocabulary [0, " + vocab + ")");
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < vocab; i++) max = Math.max(max, logits[o + i]);
            float target = logits[o + t];
            double sum = 0;
            for (int i = 0; i < vocab; i++) {
                double e = Math.exp(logits[o + i] - max);
                sum += e;
                logits[o + i] = (float) e;
            }
            losses[r] = (float) (max + Math.log(sum) - target);
            double inv = 1 / sum;
            for (int i = 0; i < vocab; i++) logits[o + i] = (float) (logits[o + i] * inv) * gradScale;
            logits[o + t] -= gradScale;
        });
    }
}
