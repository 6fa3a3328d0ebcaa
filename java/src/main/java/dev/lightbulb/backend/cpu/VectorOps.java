package dev.lightbulb.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Elementwise float-array kernels of the training ops. Each output element sees one operation per call (a fused
 * multiply-add in {@link #axpy}), identical in the vector body and the scalar tail, so the result of an element
 * does not depend on where it falls in a vector: any split of the work gives the same bits.
 */
final class VectorOps {
    private VectorOps() {}

    private static final VectorSpecies<Float> SPECIES = VectorDot.SPECIES;
    private static final int LANES = SPECIES.length();
    /** {@link #sumOfSquares} sums blocks of this many elements, then the blocks in order: the order depends on n only. */
    static final int SQUARES_BLOCK = 1 << 14;

    /** {@code y[yo + i] = fma(a, x[xo + i], y[yo + i])} for i in [0, n). */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        int i = 0;
        for (int bound = n - LANES; i <= bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xo + i).fma(va, FloatVector.fromArray(SPECIES, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = Math.fma(x[xo + i], a, y[yo + i]);
    }

    /** {@code y[yo + i] += x[xo + i]} for i in [0, n). */
    static void add(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = n - LANES; i <= bound; i += LANES) {
            FloatVector.fromArray(SPECIES, y, yo + i).add(FloatVector.fromArray(SPECIES, x, xo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] += x[xo + i];
    }

    /** {@code x[i] *= a} for i in [0, n). */
    static void scale(float[] x, float a, int n) {
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        int i = 0;
        for (int bound = n - LANES; i <= bound; i += LANES) FloatVector.fromArray(SPECIES, x, i).mul(va).intoArray(x, i);
        for (; i < n; i++) x[i] *= a;
    }

    static void fill(float[] x, float value, int n) {
        Arrays.fill(x, 0, n, value);
    }

    /**
     * {@code Σ x[i]²} in double: each block of {@link #SQUARES_BLOCK} elements summed in index order, then the block
     * sums in block order (blocks may be computed in parallel).
     */
    static double sumOfSquares(float[] x, int n) {
        int blocks = Tasks.ceilDiv(n, SQUARES_BLOCK);
        double[] partial = new double[blocks];
        Tasks.range(blocks, n).forEach(b -> {
            double s = 0;
            for (int i = b * SQUARES_BLOCK, end = Math.min(n, i + SQUARES_BLOCK); i < end; i++) s += (double) x[i] * x[i];
            partial[b] = s;
        });
        double total = 0;
        for (double s : partial) total += s;
        return total;
    }
}
