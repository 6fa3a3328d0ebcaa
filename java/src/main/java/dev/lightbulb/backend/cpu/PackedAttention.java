package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.AttentionLayout;

import java.util.Arrays;

/**
 * Causal attention over packed sequences for training, forward (keeping the log-sum-exp of every (row, head)) and
 * backward. Row r sees rows {@code lo(r) .. r}, {@code lo(r) = max(docStarts[r], r − window + 1)}. Scores are
 * {@link VectorDot#dot} × scale, as in inference attention.
 *
 * <p>The backward recomputes the probabilities from the log-sum-exp ({@code p = exp(s − lse)}) in two passes, so
 * every output element is owned by one task that sums in a fixed order: dq per (row, head) over keys ascending; dk
 * and dv per (key row, kv head) over the group's query heads ascending and, within a head, the query rows ascending.
 */
final class PackedAttention {
    private PackedAttention() {}

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] scores(int n) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < n) holder[0] = new float[Math.max(n, 2 * holder[0].length)];
        return holder[0];
    }

    /** Checks that {@code docStarts} describes documents packed back to back: each row starts one or continues the last. */
    static void checkDocStarts(int[] docStarts, int rows) {
        for (int r = 0; r < rows; r++) {
            int s = docStarts[r];
            if (s != r && (r == 0 || s != docStarts[r - 1])) {
                throw new IllegalArgumentException("docStarts[" + r + "] = " + s + ": a row starts its own document (" + r
                        + ") or continues the previous row's (" + (r == 0 ? "none" : docStarts[r - 1]) + ")");
            }
        }
    }

    private static int first(int[] docStarts, int r, int window) {
        return window > 0 ? Math.max(docStarts[r], r - window + 1) : docStarts[r];
    }

    static void forward(float[] q, float[] k, float[] v, int[] docStarts, int rows, AttentionLayout layout, float[] out, float[] lse) {
        checkDocStarts(docStarts, rows);
        int heads = layout.heads(), hd = layout.headDim(), kvDim = layout.kvDim(), group = heads / layout.kvHeads();
        long work = 0;
        for (int r = 0; r < rows; r++) work += 2L * (r - first(docStarts, r, layout.slidingWindow()) + 1) * heads * hd;
        Tasks.range(rows * heads, work).forEach(task -> {
            int r = task / heads, h = task % heads;
            int qOff = (r * heads + h) * hd, kvOff = h / group * hd;
            int lo = first(docStarts, r, layout.slidingWindow()), keys = r - lo + 1;
            float[] s = scores(keys);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < keys; j++) {
                s[j] = VectorDot.dot(q, qOff, k, (lo + j) * kvDim + kvOff, hd) * layout.scale();
                max = Math.max(max, s[j]);
            }
            float sum = 0f;
            for (int j = 0; j < keys; j++) sum += s[j] = (float) Math.exp(s[j] - max);
            lse[r * heads + h] = max + (float) Math.log(sum);
            float inv = 1f / sum;
            Arrays.fill(out, qOff, qOff + hd, 0f);
            for (int j = 0; j < keys; j++) VectorOps.axpy(s[j] * inv, v, (lo + j) * kvDim + kvOff, out, qOff, hd);
        });
    }

    static void backward(float[] q, float[] k, float[] v, float[] out, float[] lse, float[] dOut, int[] docStarts, int rows,
                         AttentionLayout layout, float[] dq, float[] dk, float[] dv) {
        checkDocStarts(docStarts, rows);
        int heads = layout.heads(), kvHeads = layout.kvHeads(), hd = layout.headDim(), kvDim = layout.kvDim();
        int group = heads / kvHeads, window = layout.slidingWindow();
        float scale = layout.scale();
        long work = 0;
        for (int r = 0; r < rows; r++) work += 4L * (r - first(docStarts, r, window) + 1) * heads * hd;

        float[] delta = new float[rows * heads];   // D = dOut · out per (row, head)
        for (int t = 0; t < rows * heads; t++) delta[t] = VectorDot.dot(dOut, t * hd, out, t * hd, hd);

        Tasks.range(rows * heads, work).forEach(task -> {
            int r = task / heads, h = task % heads;
            int qOff = task * hd, kvOff = h / group * hd;
            Arrays.fill(dq, qOff, qOff + hd, 0f);
            for (int j = first(docStarts, r, window); j <= r; j++) {
                float ds = scoreGradient(q, k, v, dOut, qOff, j * kvDim + kvOff, hd, scale, lse[task], delta[task], null);
                VectorOps.axpy(ds * scale, k, j * kvDim + kvOff, dq, qOff, hd);
            }
        });

        Tasks.range(rows * kvHeads, work).forEach(task -> {
            int j = task / kvHeads, g = task % kvHeads;
            int kvOff = j * kvDim + g * hd;
            Arrays.fill(dk, kvOff, kvOff + hd, 0f);
            Arrays.fill(dv, kvOff, kvOff + hd, 0f);
            float[] p = new float[1];
            for (int h = g * group; h < (g + 1) * group; h++) {
                for (int r = j; r < rows && docStarts[r] <= j && (window == 0 || r - j < window); r++) {
                    int t = r * heads + h, qOff = t * hd;
                    float ds = scoreGradient(q, k, v, dOut, qOff, kvOff, hd, scale, lse[t], delta[t], p);
                    VectorOps.axpy(ds * scale, q, qOff, dk, kvOff, hd);
                    VectorOps.axpy(p[0], dOut, qOff, dv, kvOff, hd);
                }
            }
        });
    }

    /**
     * For the query at {@code qOff} and the key/value at {@code kvOff}: {@code p = exp(scale · q·k − lse)} and the
     * score gradient {@code p · (dOut·v − D)}; stores p in {@code p[0]} when {@code p} is not null.
     */
    private static float scoreGradient(float[] q, float[] k, float[] v, float[] dOut, int qOff, int kvOff, int hd, float scale,
                                       float lse, float delta, float[] p) {
        float prob = (float) Math.exp(VectorDot.dot(q, qOff, k, kvOff, hd) * scale - lse);
        if (p != null) p[0] = prob;
        return prob * (VectorDot.dot(dOut, qOff, v, kvOff, hd) - delta);
    }
}
