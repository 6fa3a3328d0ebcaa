package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;

/**
 * RoPE's rotation of every head of every row, forward ({@link CpuBackend#rope}) and inverse (its backward,
 * {@link CpuTrainingOps#ropeBackward}): the inverse rotates by the negated angle, i.e. with sin negated, which in
 * float gives exactly {@code a = a' cos + b' sin}, {@code b = b' cos − a' sin}.
 */
final class RopeRotation {
    private RopeRotation() {}

    static void rotate(float[] xs, int[] pos, int rows, int heads, int headDim, RopeSpec rope, boolean inverse) {
        int half = rope.rotaryDim() / 2;
        float[] cos = new float[half], sin = new float[half];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < half; i++) {
                double angle = (double) pos[r] * rope.inverseFrequencies()[i];
                cos[i] = (float) Math.cos(angle);
                sin[i] = inverse ? -(float) Math.sin(angle) : (float) Math.sin(angle);
            }
            for (int h = 0; h < heads; h++) {
                int base = (r * heads + h) * headDim;
                for (int i = 0; i < half; i++) {
                    int a = rope.layout() == RopeLayout.NORM ? base + 2 * i : base + i;
                    int b = rope.layout() == RopeLayout.NORM ? a + 1 : a + half;
                    float va = xs[a], vb = xs[b];
                    xs[a] = va * cos[i] - vb * sin[i];
                    xs[b] = va * sin[i] + vb * cos[i];
                }
            }
        }
    }
}
