package dev.lightbulb.backend.cpu;

import java.util.Arrays;

/**
 * Gradients of {@code y = x · Wᵀ} ({@code w} of shape {@code [k, n]}): the input gradient {@code dx = dy · W} for a
 * weight of any stored type, the weight gradient {@code dW += dyᵀ · x} and the bias gradient. Each is a sequence of
 * fused multiply-adds into its output in one fixed order (weight rows ascending for dx, batch rows ascending for dW
 * and the bias), so work is split into tiles of output elements without changing any bit.
 */
final class MatmulGradients {
    private MatmulGradients() {}

    /** Columns of a tile: a multiple of every GGML block size (32 and 256), so a tile starts on a block boundary. */
    static final int COLUMN_CHUNK = 256;
    /** Batch rows of an input-gradient tile: a weight row segment is decoded once per tile of this many rows. */
    static final int ROW_TILE = 32;
    /** Weight rows of a weight-gradient tile. */
    static final int WEIGHT_ROW_TILE = 16;

    /**
     * {@code dx[r, i] (+)= Σ_j dy[r, j] · W[j, i]}, j ascending. A quantised weight is decoded {@link #COLUMN_CHUNK}
     * elements of a row at a time with {@link RowDecoder}, the values the forward matmul multiplies by.
     */
    static void inputGrad(float[] dy, CpuBuffer w, float[] dx, int rows, boolean accumulate) {
        int k = Math.toIntExact(w.rowLength()), n = Math.toIntExact(w.rows());
        requireLength(dy, (long) rows * n, "matmulInputGrad dy");
        requireLength(dx, (long) rows * k, "matmulInputGrad dx");
        if (!accumulate) Arrays.fill(dx, 0, rows * k, 0f);
        int chunks = Tasks.ceilDiv(k, COLUMN_CHUNK), tiles = Tasks.ceilDiv(rows, ROW_TILE);
        long rowBytes = w.floats != null ? 0 : w.type.bytesFor(k);
        Tasks.range(chunks * tiles, (long) rows * n * k).forEach(task -> {
            int c0 = task % chunks * COLUMN_CHUNK, len = Math.min(COLUMN_CHUNK, k - c0);
            int r0 = task / chunks * ROW_TILE, r1 = Math.min(rows, r0 + ROW_TILE);
            float[] segment = w.floats != null ? w.floats : new float[len];
            long segmentBytes = w.floats != null ? 0 : w.type.bytesFor(c0);
            for (int j = 0; j < n; j++) {
                int off;
                if (w.floats != null) {
                    off = j * k + c0;
                } else {
                    RowDecoder.decode(w.type, w.blocks, rowBytes * j + segmentBytes, segment, len);
                    off = 0;
                }
                for (int r = r0; r < r1; r++) VectorOps.axpy(dy[r * n + j], segment, off, dx, r * k + c0, len);
            }
        });
    }

    /** {@code dw[j, i] += Σ_r dy[r, j] · x[r, i]}, r ascending; {@code dw} holds n rows of length k. */
    static void weightGrad(float[] dy, float[] x, float[] dw, int rows, int k, int n) {
        requireLength(dy, (long) rows * n, "matmulWeightGrad dy");
        requireLength(x, (long) rows * k, "matmulWeightGrad x");
        requireLength(dw, (long) n * k, "matmulWeightGrad dw");
        int chunks = Tasks.ceilDiv(k, COLUMN_CHUNK), tiles = Tasks.ceilDiv(n, WEIGHT_ROW_TILE);
        Tasks.range(chunks * tiles, (long) rows * n * k).forEach(task -> {
            int c0 = task % chunks * COLUMN_CHUNK, len = Math.min(COLUMN_CHUNK, k - c0);
            int j0 = task / chunks * WEIGHT_ROW_TILE, j1 = Math.min(n, j0 + WEIGHT_ROW_TILE);
            for (int r = 0; r < rows; r++) {
                for (int j = j0; j < j1; j++) VectorOps.axpy(dy[r * n + j], x, r * k + c0, dw, j * k + c0, len);
            }
        });
    }

    /** {@code dbias[i] += Σ_r dy[r, i]}, r ascending. */
    static void biasGrad(float[] dy, float[] dbias, int rows, int n) {
        requireLength(dy, (long) rows * n, "biasGrad dy");
        for (int r = 0; r < rows; r++) VectorOps.add(dy, r * n, dbias, 0, n);
    }

    static void requireLength(float[] a, long needed, String what) {
        if (a.length < needed) throw new IllegalArgumentException(what + ": buffer holds " + a.length + " floats, needs " + needed);
    }
}
