package dev.lightbulb.tensor.codec;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.Fp16;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Q8_0: blocks of 32 values = fp16 scale d, then 32 signed bytes q; value = q * d. */
public final class Q8_0Codec implements BlockCodec {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 34;

    /** For ServiceLoader; use {@link BlockCodec#of}. */
    public Q8_0Codec() {}

    @Override public GgmlType type() { return GgmlType.Q8_0; }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count) {
        for (int b = 0; b < count / QK; b++) {
            long block = srcOffset + (long) b * BLOCK_BYTES;
            float d = Fp16.toFloat(src.get(LittleEndian.SHORT, block));
            int out = dstOffset + b * QK;
            for (int j = 0; j < QK; j++) {
                dst[out + j] = src.get(ValueLayout.JAVA_BYTE, block + 2 + j) * d;
            }
        }
    }

    /** llama.cpp's quantize_row_q8_0_ref: d = max|x| / 127, q = roundf(x / d). */
    @Override
    public void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset) {
        for (int b = 0; b < count / QK; b++) {
            int in = srcOffset + b * QK;
            float amax = 0f;
            for (int j = 0; j < QK; j++) {
                amax = Math.max(amax, Math.abs(src[in + j]));
            }
            float d = amax / 127;
            float id = d != 0f ? 1.0f / d : 0.0f;
            long block = dstOffset + (long) b * BLOCK_BYTES;
            dst.set(LittleEndian.SHORT, block, Fp16.fromFloat(d));
            for (int j = 0; j < QK; j++) {
                dst.set(ValueLayout.JAVA_BYTE, block + 2 + j, (byte) QuantMath.roundHalfAwayFromZero(src[in + j] * id));
            }
        }
    }
}
