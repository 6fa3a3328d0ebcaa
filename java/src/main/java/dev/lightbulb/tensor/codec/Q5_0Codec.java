package dev.lightbulb.tensor.codec;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.Fp16;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q5_0: blocks of 32 values = fp16 scale d, a u32 of fifth bits (bit j for value j), then 16 bytes of low
 * nibbles laid out like Q4_0; value = (q - 16) * d. llama.cpp's quantiser falls back to it for Q4_K tensors whose
 * rows are not a multiple of 256, so Q4_K_M files of small models hold it and we read and write it the same way.
 */
public final class Q5_0Codec implements BlockCodec {
    private static final int QK = 32;
    private static final int BLOCK_BYTES = 22;

    /** For ServiceLoader; use {@link BlockCodec#of}. */
    public Q5_0Codec() {}

    @Override public GgmlType type() { return GgmlType.Q5_0; }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count) {
        for (int b = 0; b < count / QK; b++) {
            long block = srcOffset + (long) b * BLOCK_BYTES;
            float d = Fp16.toFloat(src.get(LittleEndian.SHORT, block));
            int qh = src.get(LittleEndian.INT, block + 2);
            int out = dstOffset + b * QK;
            for (int j = 0; j < QK / 2; j++) {
                int q = src.get(ValueLayout.JAVA_BYTE, block + 6 + j) & 0xFF;
                int lo = (q & 0x0F) | (((qh >>> j) & 1) << 4);
                int hi = (q >>> 4) | (((qh >>> (j + 16)) & 1) << 4);
                dst[out + j] = (lo - 16) * d;
                dst[out + j + QK / 2] = (hi - 16) * d;
            }
        }
    }

    /** llama.cpp's quantize_row_q5_0_ref: like Q4_0 with d = signed max / -16 and levels capped at 31. */
    @Override
    public void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset) {
        for (int b = 0; b < count / QK; b++) {
            int in = srcOffset + b * QK;
            float d = QuantMath.signedMaxMagnitude(src, in, QK) / -16;
            float id = d != 0f ? 1.0f / d : 0.0f;
            long block = dstOffset + (long) b * BLOCK_BYTES;
            dst.set(LittleEndian.SHORT, block, Fp16.fromFloat(d));
            int qh = 0;
            for (int j = 0; j < QK / 2; j++) {
                int lo = level(src[in + j] * id);
                int hi = level(src[in + QK / 2 + j] * id);
                dst.set(ValueLayout.JAVA_BYTE, block + 6 + j, (byte) ((lo & 0x0F) | ((hi & 0x0F) << 4)));
                qh |= ((lo & 0x10) >>> 4) << j;
                qh |= ((hi & 0x10) >>> 4) << (j + QK / 2);
            }
            dst.set(LittleEndian.INT, block + 2, qh);
        }
    }

    /** C: {@code (uint8_t) MIN(31, (int8_t)(x + 16.5f))}. */
    private static int level(float x) {
        return Math.min(31, (byte) (int) (x + 16.5f)) & 0xFF;
    }
}
