package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.GgmlType;

/**
 * One thread's reusable matmul buffers: the decoded weight tile and the unpacked row. Allocating them per task
 * cost a few megabytes per decoded token, and the garbage collector's fresh pages showed up as system time.
 * A task uses them from start to end without waiting on other tasks, so no two users share one thread's buffers.
 */
final class MatmulScratch {
    private static final ThreadLocal<MatmulScratch> OF_THREAD = ThreadLocal.withInitial(MatmulScratch::new);

    private float[] tile = new float[0];
    private QuantizedRow row;
    private GgmlType rowType;
    private int rowLength;

    static MatmulScratch ofThisThread() {
        return OF_THREAD.get();
    }

    /** At least {@code floats} floats (contents undefined). */
    float[] tile(int floats) {
        if (tile.length < floats) tile = new float[floats];
        return tile;
    }

    /** An unpacking buffer for rows of {@code k} weights of {@code type}. */
    QuantizedRow row(GgmlType type, int k) {
        if (row == null || rowType != type || rowLength != k) {
            row = new QuantizedRow(type, k);
            rowType = type;
            rowLength = k;
        }
        return row;
    }
}
