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
        return tail(sumLanes(acc0, acc1, acc2, acc3), a, aOff, b, bOff, i, n);
    }

    /**
     * Four dot products at once, {@code y[yOff + t] = dot(a, aOff[t], b, bOff, n)} for t = 0..3, each with exactly
     * {@link #dot}'s accumulators and order (so the same bits): the matrix-matrix kernel's micro-kernel, which loads
     * each vector of {@code b} (an activation row) once for four rows of {@code a} (decoded weight rows), with all
     * sixteen accumulators in registers.
     */
    static void dot4(float[] a, int a0, int a1, int a2, int a3, float[] b, int bOff, int n, float[] y, int yOff, int yStride) {
        FloatVector p0 = FloatVector.zero(SPECIES), p1 = p0, p2 = p0, p3 = p0;   // row 0's four accumulators
        FloatVector q0 = p0, q1 = p0, q2 = p0, q3 = p0;                          // row 1's
        FloatVector r0 = p0, r1 = p0, r2 = p0, r3 = p0;                          // row 2's
        FloatVector s0 = p0, s1 = p0, s2 = p0, s3 = p0;                          // row 3's
        int i = 0;
        for (int bound = n - 4 * LANES; i <= bound; i += 4 * LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, b, bOff + i);
            p0 = FloatVector.fromArray(SPECIES, a, a0 + i).fma(x, p0);
            q0 = FloatVector.fromArray(SPECIES, a, a1 + i).fma(x, q0);
            r0 = FloatVector.fromArray(SPECIES, a, a2 + i).fma(x, r0);
            s0 = FloatVector.fromArray(SPECIES, a, a3 + i).fma(x, s0);
            x = FloatVector.fromArray(SPECIES, b, bOff + i + LANES);
            p1 = FloatVector.fromArray(SPECIES, a, a0 + i + LANES).fma(x, p1);
            q1 = FloatVector.fromArray(SPECIES, a, a1 + i + LANES).fma(x, q1);
            r1 = FloatVector.fromArray(SPECIES, a, a2 + i + LANES).fma(x, r1);
            s1 = FloatVector.fromArray(SPECIES, a, a3 + i + LANES).fma(x, s1);
            x = FloatVector.fromArray(SPECIES, b, bOff + i + 2 * LANES);
            p2 = FloatVector.fromArray(SPECIES, a, a0 + i + 2 * LANES).fma(x, p2);
            q2 = FloatVector.fromArray(SPECIES, a, a1 + i + 2 * LANES).fma(x, q2);
            r2 = FloatVector.fromArray(SPECIES, a, a2 + i + 2 * LANES).fma(x, r2);
            s2 = FloatVector.fromArray(SPECIES, a, a3 + i + 2 * LANES).fma(x, s2);
            x = FloatVector.fromArray(SPECIES, b, bOff + i + 3 * LANES);
            p3 = FloatVector.fromArray(SPECIES, a, a0 + i + 3 * LANES).fma(x, p3);
            q3 = FloatVector.fromArray(SPECIES, a, a1 + i + 3 * LANES).fma(x, q3);
            r3 = FloatVector.fromArray(SPECIES, a, a2 + i + 3 * LANES).fma(x, r3);
            s3 = FloatVector.fromArray(SPECIES, a, a3 + i + 3 * LANES).fma(x, s3);
        }
        for (int bound = n - LANES; i <= bound; i += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, b, bOff + i);
            p0 = FloatVector.fromArray(SPECIES, a, a0 + i).fma(x, p0);
            q0 = FloatVector.fromArray(SPECIES, a, a1 + i).fma(x, q0);
            r0 = FloatVector.fromArray(SPECIES, a, a2 + i).fma(x, r0);
            s0 = FloatVector.fromArray(SPECIES, a, a3 + i).fma(x, s0);
        }
        // sumLanes' order, through an array: inlining sumLanes four times here exceeds the JIT's node budget, and
        // then every accumulator is boxed on the heap (measured three times slower)
        float[] lanes = new float[4 * LANES];
        p0.add(p1).add(p2.add(p3)).intoArray(lanes, 0);
        q0.add(q1).add(q2.add(q3)).intoArray(lanes, LANES);
        r0.add(r1).add(r2.add(r3)).intoArray(lanes, 2 * LANES);
        s0.add(s1).add(s2.add(s3)).intoArray(lanes, 3 * LANES);
        y[yOff] = tail(sumInOrder(lanes, 0), a, a0, b, bOff, i, n);
        y[yOff + yStride] = tail(sumInOrder(lanes, LANES), a, a1, b, bOff, i, n);
        y[yOff + 2 * yStride] = tail(sumInOrder(lanes, 2 * LANES), a, a2, b, bOff, i, n);
        y[yOff + 3 * yStride] = tail(sumInOrder(lanes, 3 * LANES), a, a3, b, bOff, i, n);
    }

    /** {@code LANES} floats from {@code from}, summed left to right from 0 (sumLanes' lane order). */
    private static float sumInOrder(float[] lanes, int from) {
        float sum = 0f;
        for (int l = 0; l < LANES; l++) sum += lanes[from + l];
        return sum;
    }

    /** {@link #dot}'s scalar tail: elements {@code from .. n-1} added in order. */
    private static float tail(float sum, float[] a, int aOff, float[] b, int bOff, int from, int n) {
        for (int i = from; i < n; i++) sum = Math.fma(a[aOff + i], b[bOff + i], sum);
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
