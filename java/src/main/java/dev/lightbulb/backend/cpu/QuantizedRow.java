package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One quantised weight row (Q8_0, Q4_0, Q4_K or Q6_K) unpacked into a uniform form: an int8 value per weight in
 * row order, and per 16 weights one float scale and one float offset, so that weight {@code e} is
 * {@code q[e] * scale[e/16] - min[e/16]} (the offset only for Q4_K). Each product and difference is computed
 * exactly as the reference codecs do (the same float operations on the same operands), so the weights are
 * bit-identical to {@link dev.lightbulb.tensor.BlockCodec}'s.
 *
 * <p>Why: reading a block format straight from a memory segment costs a scalar scale load, bounds checks and
 * per-block address arithmetic every few weights. Here the row is copied to the heap in one bulk copy, unpacked
 * with byte vectors, and the dot product then runs one tight loop (load int8, convert, scale, FMA) for every type.
 * {@link #dot} keeps {@link VectorDot#dot}'s accumulators and summation order, so it gives the same bits as
 * decoding the row to floats and calling {@code VectorDot.dot} (tested).
 *
 * <p>Not thread-safe: one instance per thread, reused row after row.
 */
final class QuantizedRow {
    private static final VectorSpecies<Float> F = VectorDot.SPECIES;
    private static final int LANES = F.length();
    /** {@code LANES} int8 values, widened to a float vector. */
    private static final VectorSpecies<Byte> Q = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, LANES * 8)));
    /** 16 packed bytes at a time for unpacking, whatever the float width. */
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final int GROUP = 16;

    /** Whether this machine's float vectors tile a 16-weight scale group (4, 8 or 16 lanes). */
    static boolean available() {
        return LANES >= 4 && LANES <= GROUP && GROUP % LANES == 0;
    }

    static boolean handles(GgmlType type) {
        return type == GgmlType.Q8_0 || type == GgmlType.Q4_0 || type == GgmlType.Q4_K || type == GgmlType.Q6_K;
    }

    private final int k;
    private final byte[] raw;
    private final byte[] q;
    private final float[] scale, min;
    private boolean hasMin;

    /** Scratch for rows of {@code k} weights of {@code type} ({@code k} a multiple of the type's block size). */
    QuantizedRow(GgmlType type, int k) {
        if (!handles(type) || k % type.blockSize() != 0) throw new IllegalArgumentException(type + " row of " + k + " weights");
        this.k = k;
        this.raw = new byte[Math.toIntExact(type.bytesFor(k)) + 16];   // slack: the last 16-byte load may overrun a short block
        this.q = new byte[k];
        this.scale = new float[k / GROUP];
        this.min = new float[k / GROUP];
    }

    /** Unpacks the row of {@code type} starting at byte {@code off} of {@code w}. */
    QuantizedRow unpack(GgmlType type, MemorySegment w, long off) {
        MemorySegment.copy(w, ValueLayout.JAVA_BYTE, off, raw, 0, Math.toIntExact(type.bytesFor(k)));
        hasMin = type == GgmlType.Q4_K;
        switch (type) {
            case Q8_0 -> q8_0();
            case Q4_0 -> q4_0();
            case Q4_K -> q4_k();
            case Q6_K -> q6_k();
            default -> throw new IllegalArgumentException("no unpacking for " + type);
        }
        return this;
    }

    /** Weights {@code e .. e+LANES-1} as floats; {@code LANES} divides 16, so they share one scale. */
    private FloatVector weights(int e) {
        FloatVector w = ((FloatVector) ByteVector.fromArray(Q, q, e).convertShape(VectorOperators.B2F, F, 0)).mul(scale[e >>> 4]);
        return hasMin ? w.sub(min[e >>> 4]) : w;
    }

    private float weight(int e) {
        float w = q[e] * scale[e >>> 4];
        return hasMin ? w - min[e >>> 4] : w;
    }

    /** The dot product of this row with {@code x[xOff .. xOff+k)}, in {@link VectorDot#dot}'s order. */
    float dot(float[] x, int xOff) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int i = 0;
        for (int bound = k - 4 * LANES; i <= bound; i += 4 * LANES) {
            acc0 = weights(i).fma(FloatVector.fromArray(F, x, xOff + i), acc0);
            acc1 = weights(i + LANES).fma(FloatVector.fromArray(F, x, xOff + i + LANES), acc1);
            acc2 = weights(i + 2 * LANES).fma(FloatVector.fromArray(F, x, xOff + i + 2 * LANES), acc2);
            acc3 = weights(i + 3 * LANES).fma(FloatVector.fromArray(F, x, xOff + i + 3 * LANES), acc3);
        }
        for (int bound = k - LANES; i <= bound; i += LANES) {
            acc0 = weights(i).fma(FloatVector.fromArray(F, x, xOff + i), acc0);
        }
        float sum = VectorDot.sumLanes(acc0, acc1, acc2, acc3);
        for (; i < k; i++) sum = Math.fma(weight(i), x[xOff + i], sum);
        return sum;
    }

    /** The row as floats, {@code dst[at .. at+k)}: the reference codec's values. */
    void decode(float[] dst, int at) {
        int i = 0;
        for (; i <= k - LANES; i += LANES) weights(i).intoArray(dst, at + i);
        for (; i < k; i++) dst[at + i] = weight(i);
    }

    // ---------------------------------------------------------------- unpacking, one block format each

    private float f16(int at) {
        return Float.float16ToFloat((short) ((raw[at] & 0xFF) | raw[at + 1] << 8));
    }

    private ByteVector bytes16(int at) {
        return ByteVector.fromArray(B16, raw, at);
    }

    /** Q8_0: 34-byte blocks of an f16 scale and 32 int8 values. */
    private void q8_0() {
        for (int b = 0, at = 0; b < k / 32; b++, at += 34) {
            float d = f16(at);
            scale[2 * b] = d;
            scale[2 * b + 1] = d;
            bytes16(at + 2).intoArray(q, 32 * b);
            bytes16(at + 18).intoArray(q, 32 * b + 16);
        }
    }

    /** Q4_0: 18-byte blocks of an f16 scale and 16 bytes; low nibbles are weights 0-15, high nibbles 16-31, minus 8. */
    private void q4_0() {
        for (int b = 0, at = 0; b < k / 32; b++, at += 18) {
            float d = f16(at);
            scale[2 * b] = d;
            scale[2 * b + 1] = d;
            ByteVector v = bytes16(at + 2);
            v.and((byte) 0x0F).sub((byte) 8).intoArray(q, 32 * b);
            v.lanewise(VectorOperators.LSHR, 4).sub((byte) 8).intoArray(q, 32 * b + 16);
        }
    }

    /**
     * Q4_K: 144-byte blocks of 256 weights: f16 d and dmin, 12 bytes of packed 6-bit scales and mins for eight
     * 32-weight sub-blocks, then 128 bytes of nibbles (per 64 weights: low nibbles first, then high nibbles).
     * Weight = d * scale * nibble - dmin * min, as the codec computes it.
     */
    private void q4_k() {
        for (int b = 0, at = 0; b < k / 256; b++, at += 144) {
            float d = f16(at), dmin = f16(at + 2);
            int sc = at + 4, g = 16 * b;
            for (int sub = 0; sub < 8; sub++) {
                float s = d * scaleK4(sub, sc), m = dmin * minK4(sub, sc);
                scale[g + 2 * sub] = s;
                scale[g + 2 * sub + 1] = s;
                min[g + 2 * sub] = m;
                min[g + 2 * sub + 1] = m;
            }
            for (int j = 0; j < 4; j++) {
                int src = at + 16 + 32 * j, dst = 256 * b + 64 * j;
                for (int l = 0; l < 32; l += 16) {
                    ByteVector v = bytes16(src + l);
                    v.and((byte) 0x0F).intoArray(q, dst + l);
                    v.lanewise(VectorOperators.LSHR, 4).intoArray(q, dst + 32 + l);
                }
            }
        }
    }

    /** The 6-bit scale of Q4_K sub-block j (ggml's get_scale_min_k4), from the 12 bytes at {@code s}. */
    private int scaleK4(int j, int s) {
        return j < 4 ? raw[s + j] & 63 : (raw[s + j + 4] & 0xF) | (((raw[s + j - 4] & 0xFF) >>> 6) << 4);
    }

    private int minK4(int j, int s) {
        return j < 4 ? raw[s + j + 4] & 63 : ((raw[s + j + 4] & 0xFF) >>> 4) | (((raw[s + j] & 0xFF) >>> 6) << 4);
    }

    /**
     * Q6_K: 210-byte blocks of 256 weights: 128 bytes of low nibbles, 64 bytes of 2-bit high parts, 16 int8
     * scales (one per 16 weights, in weight order) and an f16 d. Weight = (6-bit value - 32) * (d * scale).
     */
    private void q6_k() {
        for (int b = 0, at = 0; b < k / 256; b++, at += 210) {
            float d = f16(at + 208);
            for (int g = 0; g < 16; g++) scale[16 * b + g] = d * raw[at + 192 + g];
            for (int half = 0; half < 2; half++) {
                int ql = at + 64 * half, qh = at + 128 + 32 * half, o = 256 * b + 128 * half;
                for (int l = 0; l < 32; l += 16) {
                    ByteVector lo = bytes16(ql + l), hi = bytes16(ql + 32 + l), h = bytes16(qh + l);
                    q6(lo.and((byte) 0x0F), h, 0).intoArray(q, o + l);
                    q6(hi.and((byte) 0x0F), h, 2).intoArray(q, o + 32 + l);
                    q6(lo.lanewise(VectorOperators.LSHR, 4), h, 4).intoArray(q, o + 64 + l);
                    q6(hi.lanewise(VectorOperators.LSHR, 4), h, 6).intoArray(q, o + 96 + l);
                }
            }
        }
    }

    private static ByteVector q6(ByteVector low4, ByteVector high, int shift) {
        return low4.or(high.lanewise(VectorOperators.LSHR, shift).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
    }
}
