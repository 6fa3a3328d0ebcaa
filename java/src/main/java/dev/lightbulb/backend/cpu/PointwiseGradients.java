package dev.lightbulb.backend.cpu;

/** Backward of the ops that act element by element or row by row: SwiGLU and the embedding lookup. */
final class PointwiseGradients {
    private PointwiseGradients() {}

    /**
     * {@code dGate = dOut · up · σ(g)(1 + g(1 − σ(g)))}, {@code dUp = dOut · silu(g)}, computed in double per element.
     * Every input element is read before its output is written, so dGate may be gate and dUp may be up.
     */
    static void swiglu(float[] gate, float[] up, float[] dOut, float[] dGate, float[] dUp, int n) {
        for (int i = 0; i < n; i++) {
            double g = gate[i], u = up[i], d = dOut[i];
            double sigmoid = 1 / (1 + Math.exp(-g));
            dGate[i] = (float) (d * u * sigmoid * (1 + g * (1 - sigmoid)));
            dUp[i] = (float) (d * g * sigmoid);
        }
    }

    /** {@code dTable[tokens[r], :] += dy[r, :]}, rows in ascending order; {@code vocab} rows of length {@code dim}. */
    static void embedding(float[] dy, int[] tokens, int rows, float[] dTable, int dim, long vocab) {
        for (int r = 0; r < rows; r++) {
            int id = tokens[r];
            if (id < 0 || id >= vocab) throw new IllegalArgumentException("embedBackward: token id " + id + " outside the vocabulary [0, " + vocab + ")");
            VectorOps.add(dy, r * dim, dTable, id * dim, dim);
        }
    }
}
