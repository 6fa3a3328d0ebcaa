package dev.lightbulb.tensor.codec;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.Fp16;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_0: blocks of 32 values = fp16 scale d, then 16 bytes; byte j holds value j in its low nibble and
 * value j+16 in its high nibble; value = (nibble - 8) * d.
 */
public final class Q4_0Codec implements BlockCodec {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 18;

    /** For ServiceLoader; use {@link BlockCodec#of}. */
    public Q4_0Codec() {}

    @Override public GgmlType type() { return GgmlType.Q4_0; }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count) {
        for (int b = 0; b < count / QK; b++) {
            long block = srcOffset + (long) b * BLOCK_BYTES;
            float d = Fp16.toFloat(src.get(LittleEndian.SHORT, block));
            int out = dstOffset + b * QK;
            for (int j = 0; j < QK / 2; j++) {
                int q = src.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
                dst[out + j] = ((q & 0x0F) - 8) * d;
                dst[out + j + QK / 2] = ((q >>> 4) - 8) * d;
            }
        }
    }

    /**
     * llama.cpp's quantize_row_q4_0_ref: d = (the value of largest magnitude, with its sign) / -8, so that value
     * maps to nibble 0 exactly; nibbles are truncated after adding 8.5 and capped at 15.
     */
    @Override
    public void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset) {
        for (int b = 0; b < count / QK; b++) {
            int in = srcOffset + b * QK;
            float d = QuantMath.signedMaxMagnitude(src, in, QK) / -8;
            float id = d != 0f ? 1.0f / d : 0.0f;
            long block = dstOffset + (long) b * BLOCK_BYTES;
            dst.set(LittleEndian.SHORT, block, Fp16.fromFloat(d));
            for (int j = 0; j < QK / 2; j++) {
                int lo = nibble(src[in + j] * id);
                int hi = nibble(src[in + QK / 2 + j] * id);
                dst.set(ValueLayout.JAVA_BYTE, block + 2 + j, (byte) (lo | (hi << 4)));
            }
        }
    }

    /** C: {@code (uint8_t) MIN(15, (int8_t)(x + 8.5f))}. */
    private static int nibble(float x) {
        return Math.min(15, (byte) (int) (x + 8.5f)) & 0xFF;
    }
}
