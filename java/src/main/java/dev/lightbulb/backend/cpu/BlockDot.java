package dev.lightbulb.backend.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Dot products of a Q8_0 or Q4_0 weight row with a float vector, read straight from the weight bytes, for 16-lane
 * float vectors (AVX-512). One step of {@link VectorDot#dot}'s four accumulators is 64 weights, two blocks, so
 * each block's f16 scale is read and converted once, the bytes with one 16-byte load per 16 weights (a Q4_0 load
 * serves two vectors), and no address is computed per vector. Each weight is the codec's exact int8 value × scale,
 * then the FMA: the same accumulators, order and values as decoding the row and calling {@code VectorDot.dot}, so
 * the same bits (tested). (Q4_K and Q6_K kernels in this style measured 3-4× slower than {@link QuantizedRow}:
 * their super-block bodies are too large for the JIT to keep the vectors in registers.)
 */
final class BlockDot {
    private BlockDot() {}

    private static final VectorSpecies<Float> F = VectorDot.SPECIES;
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Whether these kernels fit this machine: 16 float lanes, one vector per half block. */
    static boolean available() {
        return F.length() == 16;
    }

    static float q8_0(MemorySegment w, long off, float[] x, int xOff, int k) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        for (int bound = k - 64; i <= bound; i += 64, off += 68) {
            float d0 = scale(w, off), d1 = scale(w, off + 34);
            acc0 = int8(w, off + 2).mul(d0).fma(FloatVector.fromArray(F, x, xOff + i), acc0);
            acc1 = int8(w, off + 18).mul(d0).fma(FloatVector.fromArray(F, x, xOff + i + 16), acc1);
            acc2 = int8(w, off + 36).mul(d1).fma(FloatVector.fromArray(F, x, xOff + i + 32), acc2);
            acc3 = int8(w, off + 52).mul(d1).fma(FloatVector.fromArray(F, x, xOff + i + 48), acc3);
        }
        if (i < k) {   // one block left (k is a multiple of 32): both halves into acc0, as VectorDot.dot's tail loop
            float d = scale(w, off);
            acc0 = int8(w, off + 2).mul(d).fma(FloatVector.fromArray(F, x, xOff + i), acc0);
            acc0 = int8(w, off + 18).mul(d).fma(FloatVector.fromArray(F, x, xOff + i + 16), acc0);
        }
        return VectorDot.sumLanes(acc0, acc1, acc2, acc3);
    }

    static float q4_0(MemorySegment w, long off, float[] x, int xOff, int k) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        for (int bound = k - 64; i <= bound; i += 64, off += 36) {
            float d0 = scale(w, off), d1 = scale(w, off + 18);
            ByteVector b0 = bytes(w, off + 2), b1 = bytes(w, off + 20);
            acc0 = low(b0).mul(d0).fma(FloatVector.fromArray(F, x, xOff + i), acc0);
            acc1 = high(b0).mul(d0).fma(FloatVector.fromArray(F, x, xOff + i + 16), acc1);
            acc2 = low(b1).mul(d1).fma(FloatVector.fromArray(F, x, xOff + i + 32), acc2);
            acc3 = high(b1).mul(d1).fma(FloatVector.fromArray(F, x, xOff + i + 48), acc3);
        }
        if (i < k) {
            float d = scale(w, off);
            ByteVector b = bytes(w, off + 2);
            acc0 = low(b).mul(d).fma(FloatVector.fromArray(F, x, xOff + i), acc0);
            acc0 = high(b).mul(d).fma(FloatVector.fromArray(F, x, xOff + i + 16), acc0);
        }
        return VectorDot.sumLanes(acc0, acc1, acc2, acc3);
    }

    private static float scale(MemorySegment w, long at) {
        return Float.float16ToFloat(w.get(LE_SHORT, at));
    }

    private static ByteVector bytes(MemorySegment w, long at) {
        return ByteVector.fromMemorySegment(B16, w, at, ByteOrder.LITTLE_ENDIAN);
    }

    private static FloatVector int8(MemorySegment w, long at) {
        return (FloatVector) bytes(w, at).convertShape(VectorOperators.B2F, F, 0);
    }

    /** Q4_0's weights 0-15 of a block: low nibbles minus 8. */
    private static FloatVector low(ByteVector b) {
        return (FloatVector) b.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0);
    }

    /** Weights 16-31: high nibbles minus 8. */
    private static FloatVector high(ByteVector b) {
        return (FloatVector) b.lanewise(VectorOperators.LSHR, 4).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0);
    }
}
