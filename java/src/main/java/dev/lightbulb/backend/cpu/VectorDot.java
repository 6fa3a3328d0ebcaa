package dev.lightbulb.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float dot product with the Vector API in one fixed summation order: four lane-wise FMA accumulators over the
 * vector part, the four accumulators added lane-wise, the lanes summed left to right, then the tail in order.
 * The lanes are summed by hand, not with {@code reduceLanes}, whose order is unspecified and may differ between
 * the interpreter and compiled code — a dot product must give the same bits every time it is called.
 */
final class VectorDot {
    private VectorDot() {}

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc0 = FloatVector.zero(SPECIES), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        for (int bound = n - 4 * LANES; i <= bound; i += 4 * LANES) {
            acc0 = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, a, aOff + i + LANES).fma(FloatVector.fromArray(SPECIES, b, bOff + i + LANES), acc1);
            acc2 = FloatVector.fromArray(SPECIES, a, aOff + i + 2 * LANES).fma(FloatVector.fromArray(SPECIES, b, bOff + i + 2 * LANES), acc2);
            acc3 = FloatVector.fromArray(SPECIES, a, aOff + i + 3 * LANES).fma(FloatVector.fromArray(SPECIES, b, bOff + i + 3 * LANES), acc3);
        }
        for (int bound = n - LANES; i <= bound; i += LANES) {
            acc0 = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc0);
        }
        float sum = sumLanes(acc0, acc1, acc2, acc3);
        for (; i < n; i++) sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        return sum;
    }

    /** The accumulators added lane-wise ((0 + 1) + (2 + 3)), then the lanes summed left to right. */
    static float sumLanes(FloatVector acc0, FloatVector acc1, FloatVector acc2, FloatVector acc3) {
        FloatVector acc = acc0.add(acc1).add(acc2.add(acc3));
        float sum = 0f;
        for (int l = 0; l < LANES; l++) sum += acc.lane(l);
        return sum;
    }
}
