package dev.lightbulb.tensor.codec;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.Fp16;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q4_K: super-blocks of 256 values in 8 sub-blocks of 32. Layout (144 bytes): fp16 d, fp16 dmin,
 * 12 bytes of packed 6-bit sub-block scales and mins, 128 bytes of 4-bit quants.
 * value = d * scale[j] * q - dmin * min[j].
 */
public final class Q4_KCodec implements BlockCodec {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 144;
    private static final int SCALES = 4;   // offset of the 12 scale bytes
    private static final int QS = 16;      // offset of the 128 quant bytes

    /** For ServiceLoader; use {@link BlockCodec#of}. */
    public Q4_KCodec() {}

    @Override public GgmlType type() { return GgmlType.Q4_K; }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count) {
        byte[] scales = new byte[12];
        for (int b = 0; b < count / QK_K; b++) {
            long block = srcOffset + (long) b * BLOCK_BYTES;
            float d = Fp16.toFloat(src.get(LittleEndian.SHORT, block));
            float min = Fp16.toFloat(src.get(LittleEndian.SHORT, block + 2));
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, block + SCALES, scales, 0, 12);
            int out = dstOffset + b * QK_K;
            long q = block + QS;
            for (int j = 0, is = 0; j < QK_K; j += 64, is += 2, q += 32) {
                float d1 = d * scale(is, scales);
                float m1 = min * min(is, scales);
                float d2 = d * scale(is + 1, scales);
                float m2 = min * min(is + 1, scales);
                for (int l = 0; l < 32; l++) {
                    int v = src.get(ValueLayout.JAVA_BYTE, q + l) & 0xFF;
                    dst[out + j + l] = d1 * (v & 0xF) - m1;
                    dst[out + j + 32 + l] = d2 * (v >>> 4) - m2;
                }
            }
        }
    }

    /** The 6-bit scale of sub-block j (ggml's get_scale_min_k4). */
    static int scale(int j, byte[] s) {
        return j < 4 ? s[j] & 63 : (s[j + 4] & 0xF) | (((s[j - 4] & 0xFF) >>> 6) << 4);
    }

    /** The 6-bit min of sub-block j (ggml's get_scale_min_k4). */
    static int min(int j, byte[] s) {
        return j < 4 ? s[j + 4] & 63 : ((s[j + 4] & 0xFF) >>> 4) | (((s[j] & 0xFF) >>> 6) << 4);
    }

    /** llama.cpp's quantize_row_q4_K_ref (no importance matrix). */
    @Override
    public void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset) {
        int[] levels = new int[QK_K];
        int[] aux = new int[32];
        float[] weights = new float[32];
        float[] mins = new float[8];
        float[] scales = new float[8];
        float[] theMin = new float[1];
        byte[] out = new byte[BLOCK_BYTES];
        for (int b = 0; b < count / QK_K; b++) {
            int x = srcOffset + b * QK_K;
            float maxScale = 0;
            float maxMin = 0;
            for (int j = 0; j < 8; j++) {
                float sumX2 = 0;
                for (int l = 0; l < 32; l++) sumX2 += src[x + 32 * j + l] * src[x + 32 * j + l];
                float avX = (float) Math.sqrt(sumX2 / 32);
                for (int l = 0; l < 32; l++) weights[l] = avX + Math.abs(src[x + 32 * j + l]);
                scales[j] = KQuants.makeQkx2Quants(32, 15, src, x + 32 * j, weights, levels, 32 * j, theMin, aux,
                        -1.f, 0.1f, 20, false);
                mins[j] = theMin[0];
                if (scales[j] > maxScale) maxScale = scales[j];
                if (mins[j] > maxMin) maxMin = mins[j];
            }
            java.util.Arrays.fill(out, (byte) 0);
            float invScale = maxScale > 0 ? 63.f / maxScale : 0.f;
            float invMin = maxMin > 0 ? 63.f / maxMin : 0.f;
            for (int j = 0; j < 8; j++) {
                int ls = Math.min(63, QuantMath.nearestInt(invScale * scales[j]) & 0xFF);
                int lm = Math.min(63, QuantMath.nearestInt(invMin * mins[j]) & 0xFF);
                if (j < 4) {
                    out[SCALES + j] = (byte) ls;
                    out[SCALES + j + 4] = (byte) lm;
                } else {
                    out[SCALES + j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
                    out[SCALES + j - 4] |= (byte) ((ls >>> 4) << 6);
                    out[SCALES + j] |= (byte) ((lm >>> 4) << 6);
                }
            }
            short dBits = Fp16.fromFloat(maxScale / 63.f);
            short dminBits = Fp16.fromFloat(maxMin / 63.f);
            out[0] = (byte) dBits;
            out[1] = (byte) (dBits >> 8);
            out[2] = (byte) dminBits;
            out[3] = (byte) (dminBits >> 8);
            byte[] packed = java.util.Arrays.copyOfRange(out, SCALES, SCALES + 12);
            for (int j = 0; j < 8; j++) {
                float d = Fp16.toFloat(dBits) * scale(j, packed);
                if (d == 0f) continue;
                float dm = Fp16.toFloat(dminBits) * min(j, packed);
                for (int ii = 0; ii < 32; ii++) {
                    int l = QuantMath.nearestInt((src[x + 32 * j + ii] + dm) / d);
                    levels[32 * j + ii] = Math.max(0, Math.min(15, l));
                }
            }
            for (int j = 0, q = QS; j < QK_K; j += 64, q += 32) {
                for (int l = 0; l < 32; l++) out[q + l] = (byte) (levels[j + l] | (levels[j + l + 32] << 4));
            }
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }
}
