package dev.lightbulb.backend.cpu;

/**
 * Backward of RMSNorm {@code y = x · s · w}, {@code s = 1 / sqrt(Σx² / dim + eps)}, with s computed exactly as the
 * forward computes it (sum of squares in double, then rounded to float). Rows are independent for dx; the weight
 * gradient adds the rows in ascending order.
 */
final class RmsNormGradient {
    private RmsNormGradient() {}

    static void backward(float[] x, float[] w, float[] dy, float[] dx, float[] dw, int rows, int dim, float eps, boolean accumulate) {
        float[] scales = new float[rows];
        Tasks.range(rows, 4L * rows * dim).forEach(r -> {
            int o = r * dim;
            double ss = 0;
            for (int i = 0; i < dim; i++) ss += (double) x[o + i] * x[o + i];
            float s = (float) (1.0 / Math.sqrt(ss / dim + eps));
            scales[r] = s;
            double dot = 0;   // Σ dy_i w_i x_i
            for (int i = 0; i < dim; i++) dot += (double) dy[o + i] * w[i] * x[o + i];
            double c = (double) s * s * s * dot / dim;
            for (int i = 0; i < dim; i++) {
                float g = (float) ((double) s * w[i] * dy[o + i] - x[o + i] * c);
                dx[o + i] = accumulate ? dx[o + i] + g : g;
            }
        });
        if (dw == null) return;
        float[] normalised = new float[dim];
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            for (int i = 0; i < dim; i++) normalised[i] = x[o + i] * scales[r];
            for (int i = 0; i < dim; i++) dw[i] = Math.fma(dy[o + i], normalised[i], dw[i]);
        }
    }
}
