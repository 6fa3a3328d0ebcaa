package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AttentionLayout;
import dev.lightbulb.backend.RopeSpec;

/**
 * The training ops written from their definitions in double precision, forward and backward, the yardstick for
 * {@link CpuTrainingOps}. Each backward is checked against central finite differences of its forward
 * ({@code TrainingReferenceTest}). Matrices are row-major {@code double[]}; a weight of n rows of length k is
 * {@code w[j * k + i]}; {@code dy} is the gradient of the scalar loss with respect to the forward's output.
 */
public final class TrainingReference {
    private TrainingReference() {}

    // ---------------------------------------------------------------- linear

    /** y[r, j] = Σ_i x[r, i] · w[j, i] ({@link ScalarReference#matmul}, for callers outside this package). */
    public static double[] matmul(double[] x, int rows, double[] w, int n, int k) {
        return ScalarReference.matmul(x, rows, w, n, k);
    }

    /** {@link ScalarReference#rmsNorm}. */
    public static double[] rmsNorm(double[] x, int rows, double[] weight, double eps) {
        return ScalarReference.rmsNorm(x, rows, weight, eps);
    }

    /** {@link ScalarReference#rope}. */
    public static double[] rope(double[] x, int[] positions, int heads, int headDim, RopeSpec spec) {
        return ScalarReference.rope(x, positions, heads, headDim, spec);
    }

    /** dx[r, i] = Σ_j dy[r, j] w[j, i]. */
    public static double[] matmulInputGrad(double[] dy, int rows, double[] w, int n, int k) {
        double[] dx = new double[rows * k];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < n; j++) dx[r * k + i] += dy[r * n + j] * w[j * k + i];
        return dx;
    }

    /** dw[j, i] = Σ_r dy[r, j] x[r, i]. */
    public static double[] matmulWeightGrad(double[] dy, double[] x, int rows, int n, int k) {
        double[] dw = new double[n * k];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < k; i++)
                for (int r = 0; r < rows; r++) dw[j * k + i] += dy[r * n + j] * x[r * k + i];
        return dw;
    }

    public static double[] addBias(double[] x, int rows, double[] bias) {
        double[] y = x.clone();
        for (int r = 0; r < rows; r++) for (int i = 0; i < bias.length; i++) y[r * bias.length + i] += bias[i];
        return y;
    }

    public static double[] biasGrad(double[] dy, int rows, int n) {
        double[] db = new double[n];
        for (int r = 0; r < rows; r++) for (int i = 0; i < n; i++) db[i] += dy[r * n + i];
        return db;
    }

    // ---------------------------------------------------------------- RMSNorm

    /** {dx, dweight} of y = x / sqrt(mean(x²) + eps) · w, by the chain rule through the mean. */
    public static double[][] rmsNormBackward(double[] x, int rows, double[] w, double[] dy, double eps) {
        int dim = w.length;
        double[] dx = new double[x.length], dw = new double[dim];
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            double ss = 0;
            for (int i = 0; i < dim; i++) ss += x[o + i] * x[o + i];
            double s = 1 / Math.sqrt(ss / dim + eps);
            double ds = 0;                                  // dL/ds
            for (int i = 0; i < dim; i++) ds += dy[o + i] * w[i] * x[o + i];
            double dss = ds * -0.5 * Math.pow(ss / dim + eps, -1.5) / dim;   // dL/d(ss), s = (ss/dim + eps)^-1/2
            for (int i = 0; i < dim; i++) {
                dx[o + i] = dy[o + i] * w[i] * s + dss * 2 * x[o + i];
                dw[i] += dy[o + i] * x[o + i] * s;
            }
        }
        return new double[][] {dx, dw};
    }

    // ---------------------------------------------------------------- SwiGLU

    public static double[] swiglu(double[] gate, double[] up) {
        double[] y = new double[gate.length];
        for (int i = 0; i < y.length; i++) y[i] = ScalarReference.silu(gate[i]) * up[i];
        return y;
    }

    /** {dGate, dUp}: silu'(g) = σ(g) + g σ(g)(1 − σ(g)). */
    public static double[][] swigluBackward(double[] gate, double[] up, double[] dy) {
        double[] dg = new double[gate.length], du = new double[gate.length];
        for (int i = 0; i < dg.length; i++) {
            double s = 1 / (1 + Math.exp(-gate[i]));
            dg[i] = dy[i] * up[i] * (s + gate[i] * s * (1 - s));
            du[i] = dy[i] * ScalarReference.silu(gate[i]);
        }
        return new double[][] {dg, du};
    }

    // ---------------------------------------------------------------- RoPE

    /**
     * RoPE is linear, so its backward is its matrix transposed: {@code dx[i] = dy · rope(e_i)}, the forward applied to
     * each unit vector (no angle algebra of its own).
     */
    public static double[] ropeBackward(double[] dy, int[] positions, int heads, int headDim, RopeSpec spec) {
        double[] dx = new double[dy.length], unit = new double[dy.length];
        for (int i = 0; i < dy.length; i++) {
            unit[i] = 1;
            double[] column = ScalarReference.rope(unit, positions, heads, headDim, spec);
            unit[i] = 0;
            for (int j = 0; j < dy.length; j++) dx[i] += dy[j] * column[j];
        }
        return dx;
    }

    // ---------------------------------------------------------------- embedding

    public static double[] embed(double[] table, int dim, int[] tokens) {
        double[] y = new double[tokens.length * dim];
        for (int r = 0; r < tokens.length; r++) System.arraycopy(table, tokens[r] * dim, y, r * dim, dim);
        return y;
    }

    public static double[] embedBackward(double[] dy, int dim, int[] tokens, int vocab) {
        double[] dt = new double[vocab * dim];
        for (int r = 0; r < tokens.length; r++) for (int i = 0; i < dim; i++) dt[tokens[r] * dim + i] += dy[r * dim + i];
        return dt;
    }

    // ---------------------------------------------------------------- attention over packed sequences

    private static boolean sees(int[] docStarts, int r, int j, int window) {
        return j <= r && j >= docStarts[r] && (window == 0 || r - j < window);
    }

    /** The probability matrix P[h][r][j] (zero where r does not see j). */
    private static double[][][] probabilities(double[] q, double[] k, int[] docStarts, AttentionLayout l) {
        int rows = docStarts.length, hd = l.headDim(), group = l.heads() / l.kvHeads();
        double[][][] p = new double[l.heads()][rows][rows];
        for (int h = 0; h < l.heads(); h++)
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY;
                double[] s = new double[rows];
                for (int j = 0; j < rows; j++) {
                    if (!sees(docStarts, r, j, l.slidingWindow())) continue;
                    for (int i = 0; i < hd; i++) s[j] += q[(r * l.heads() + h) * hd + i] * k[j * l.kvDim() + h / group * hd + i];
                    s[j] *= l.scale();
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < rows; j++) if (sees(docStarts, r, j, l.slidingWindow())) sum += p[h][r][j] = Math.exp(s[j] - max);
                for (int j = 0; j < rows; j++) p[h][r][j] /= sum;
            }
        return p;
    }

    /** {out, lse}: out [rows, heads·hd], lse [rows, heads]. */
    public static double[][] attention(double[] q, double[] k, double[] v, int[] docStarts, AttentionLayout l) {
        int rows = docStarts.length, hd = l.headDim(), group = l.heads() / l.kvHeads();
        double[][][] p = probabilities(q, k, docStarts, l);
        double[] out = new double[rows * l.queryDim()], lse = new double[rows * l.heads()];
        for (int h = 0; h < l.heads(); h++)
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int j = 0; j < rows; j++) {
                    if (!sees(docStarts, r, j, l.slidingWindow())) continue;
                    double s = 0;
                    for (int i = 0; i < hd; i++) s += q[(r * l.heads() + h) * hd + i] * k[j * l.kvDim() + h / group * hd + i];
                    sum += Math.exp(s * l.scale());
                    for (int i = 0; i < hd; i++) out[(r * l.heads() + h) * hd + i] += p[h][r][j] * v[j * l.kvDim() + h / group * hd + i];
                }
                lse[r * l.heads() + h] = Math.log(sum);
            }
        return new double[][] {out, lse};
    }

    /**
     * {dq, dk, dv} through the softmax Jacobian written out: dP = dOut · Vᵀ, dS = P ⊙ (dP − Σ_j P dP),
     * dQ = scale · dS · K, dK = scale · dSᵀ · Q, dV = Pᵀ · dOut (per head; kv heads sum their group).
     */
    public static double[][] attentionBackward(double[] q, double[] k, double[] v, double[] dOut, int[] docStarts, AttentionLayout l) {
        int rows = docStarts.length, hd = l.headDim(), group = l.heads() / l.kvHeads();
        double[][][] p = probabilities(q, k, docStarts, l);
        double[] dq = new double[q.length], dk = new double[k.length], dv = new double[v.length];
        for (int h = 0; h < l.heads(); h++) {
            int kvo = h / group * hd;
            for (int r = 0; r < rows; r++) {
                int qo = (r * l.heads() + h) * hd;
                double[] dp = new double[rows];
                double weighted = 0;
                for (int j = 0; j < rows; j++) {
                    for (int i = 0; i < hd; i++) dp[j] += dOut[qo + i] * v[j * l.kvDim() + kvo + i];
                    weighted += p[h][r][j] * dp[j];
                }
                for (int j = 0; j < rows; j++) {
                    double ds = p[h][r][j] * (dp[j] - weighted);
                    for (int i = 0; i < hd; i++) {
                        dq[qo + i] += l.scale() * ds * k[j * l.kvDim() + kvo + i];
                        dk[j * l.kvDim() + kvo + i] += l.scale() * ds * q[qo + i];
                        dv[j * l.kvDim() + kvo + i] += p[h][r][j] * dOut[qo + i];
                    }
                }
            }
        }
        return new double[][] {dq, dk, dv};
    }

    // ---------------------------------------------------------------- loss

    /** log Σ_i exp(z[o + i]) over a row of {@code vocab} logits, max-subtracted. */
    private static double logSumExp(double[] z, int o, int vocab) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = 0; i < vocab; i++) max = Math.max(max, z[o + i]);
        for (int i = 0; i < vocab; i++) sum += Math.exp(z[o + i] - max);
        return max + Math.log(sum);
    }

    /** Per-row loss −log softmax(z)[target] (0 for a negative target). */
    public static double[] crossEntropy(double[] logits, int[] targets, int vocab) {
        double[] loss = new double[targets.length];
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] >= 0) loss[r] = logSumExp(logits, r * vocab, vocab) - logits[r * vocab + targets[r]];
        }
        return loss;
    }

    /** d(scale · Σ_r loss_r)/dlogits = scale · (softmax − onehot), zero for masked rows. */
    public static double[] crossEntropyGrad(double[] logits, int[] targets, int vocab, double scale) {
        double[] d = new double[logits.length];
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] < 0) continue;
            double lse = logSumExp(logits, r * vocab, vocab);
            for (int i = 0; i < vocab; i++) d[r * vocab + i] = scale * (Math.exp(logits[r * vocab + i] - lse) - (i == targets[r] ? 1 : 0));
        }
        return d;
    }

    // ---------------------------------------------------------------- optimiser

    /** One AdamW step in double, updating p, m and v in place (PyTorch's formula). */
    public static void adamw(double[] p, double[] g, double[] m, double[] v, double lr, double b1, double b2, double eps, double wd, int step) {
        for (int i = 0; i < p.length; i++) {
            p[i] *= 1 - lr * wd;
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double mHat = m[i] / (1 - Math.pow(b1, step));
            double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, step)) + eps;
            p[i] -= lr * mHat / denominator;
        }
    }
}
