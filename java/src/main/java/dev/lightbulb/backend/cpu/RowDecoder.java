package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Decodes a weight row to float32 for the matmul: Vector API fast paths for Q8_0, Q4_0, Q6_K and BF16 that give
 * bit-for-bit the values of the reference {@link BlockCodec} (same integer steps, one float multiply per element);
 * other types go through the codec (a vectorised Q4_K decoder measured slower than the codec's scalar loop, so
 * it was left out).
 */
final class RowDecoder {
    private RowDecoder() {}

    private static final VectorSpecies<Float> F = VectorDot.SPECIES;
    private static final int LANES = F.length();
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8));
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 16));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The fast paths walk 16-element groups (Q6_K's scale groups, Q4_0's half blocks) in whole vectors. */
    private static final boolean VECTOR_BLOCKS = LANES <= 16 && 16 % LANES == 0 && LANES >= 4;

    static void decode(GgmlType type, MemorySegment src, long off, float[] dst, int k) {
        decode(type, src, off, dst, 0, k);
    }

    /** Decodes {@code k} weights at byte {@code off} of {@code src} into {@code dst[at .. at+k)}. */
    static void decode(GgmlType type, MemorySegment src, long off, float[] dst, int at, int k) {
        if (VECTOR_BLOCKS) {
            switch (type) {
                case Q8_0 -> { q8_0(src, off, dst, at, k); return; }
                case Q4_0 -> { q4_0(src, off, dst, at, k); return; }
                case BF16 -> { bf16(src, off, dst, at, k); return; }
                case Q6_K -> { q6_k(src, off, dst, at, k); return; }
                default -> { }
            }
        }
        BlockCodec.of(type).dequantize(src, off, dst, at, k);
    }

    private static void q8_0(MemorySegment s, long off, float[] y, int at, int k) {
        for (int b = 0, o = at; b < k / 32; b++, off += 34, o += 32) {
            float d = Float.float16ToFloat(s.get(LE_SHORT, off));
            for (int j = 0; j < 32; j += LANES) {
                ByteVector q = ByteVector.fromMemorySegment(B, s, off + 2 + j, ByteOrder.LITTLE_ENDIAN);
                ((FloatVector) q.convertShape(VectorOperators.B2F, F, 0)).mul(FloatVector.broadcast(F, d)).intoArray(y, o + j);
            }
        }
    }

    private static void q4_0(MemorySegment s, long off, float[] y, int at, int k) {
        for (int b = 0, o = at; b < k / 32; b++, off += 18, o += 32) {
            float d = Float.float16ToFloat(s.get(LE_SHORT, off));
            for (int j = 0; j < 16; j += LANES) {
                ByteVector q = ByteVector.fromMemorySegment(B, s, off + 2 + j, ByteOrder.LITTLE_ENDIAN);
                ByteVector lo = q.and((byte) 0x0F).sub((byte) 8);
                ByteVector hi = q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8);
                ((FloatVector) lo.convertShape(VectorOperators.B2F, F, 0)).mul(FloatVector.broadcast(F, d)).intoArray(y, o + j);
                ((FloatVector) hi.convertShape(VectorOperators.B2F, F, 0)).mul(FloatVector.broadcast(F, d)).intoArray(y, o + 16 + j);
            }
        }
    }

    private static void bf16(MemorySegment s, long off, float[] y, int at, int k) {
        int i = 0;
        for (; i <= k - LANES; i += LANES) {
            ShortVector h = ShortVector.fromMemorySegment(S, s, off + 2L * i, ByteOrder.LITTLE_ENDIAN);
            IntVector bits = ((IntVector) h.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16);
            bits.reinterpretAsFloats().intoArray(y, at + i);
        }
        for (; i < k; i++) y[at + i] = Float.intBitsToFloat((s.get(LE_SHORT, off + 2L * i) & 0xFFFF) << 16);
    }

    /** Q6_K: 4 low bits in ql, 2 high bits in qh, minus 32, times d * an int8 scale per 16 values. */
    private static void q6_k(MemorySegment s, long off, float[] y, int at, int k) {
        for (int b = 0, o = at; b < k / 256; b++, off += 210) {
            float d = Float.float16ToFloat(s.get(LE_SHORT, off + 208));
            long ql = off, qh = off + 128, sc = off + 192;
            for (int n = 0; n < 256; n += 128, ql += 64, qh += 32, sc += 8, o += 128) {
                for (int l = 0; l < 32; l += LANES) {
                    int is = l / 16;
                    ByteVector lo = ByteVector.fromMemorySegment(B, s, ql + l, ByteOrder.LITTLE_ENDIAN);
                    ByteVector hi = ByteVector.fromMemorySegment(B, s, ql + l + 32, ByteOrder.LITTLE_ENDIAN);
                    ByteVector h = ByteVector.fromMemorySegment(B, s, qh + l, ByteOrder.LITTLE_ENDIAN);
                    q6(lo.and((byte) 0x0F), h, 0, d * s.get(ValueLayout.JAVA_BYTE, sc + is), y, o + l);
                    q6(hi.and((byte) 0x0F), h, 2, d * s.get(ValueLayout.JAVA_BYTE, sc + is + 2), y, o + l + 32);
                    q6(lo.lanewise(VectorOperators.LSHR, 4), h, 4, d * s.get(ValueLayout.JAVA_BYTE, sc + is + 4), y, o + l + 64);
                    q6(hi.lanewise(VectorOperators.LSHR, 4), h, 6, d * s.get(ValueLayout.JAVA_BYTE, sc + is + 6), y, o + l + 96);
                }
            }
        }
    }

    private static void q6(ByteVector low4, ByteVector high, int shift, float scale, float[] y, int at) {
        ByteVector q = low4.or(high.lanewise(VectorOperators.LSHR, shift).and((byte) 3).lanewise(VectorOperators.LSHL, 4)).sub((byte) 32);
        ((FloatVector) q.convertShape(VectorOperators.B2F, F, 0)).mul(FloatVector.broadcast(F, scale)).intoArray(y, at);
    }
}
