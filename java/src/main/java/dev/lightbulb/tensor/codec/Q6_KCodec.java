package dev.lightbulb.tensor.codec;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.Fp16;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.LittleEndian;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Q6_K: super-blocks of 256 values in 16 sub-blocks of 16. Layout (210 bytes): 128 bytes low 4 bits (ql),
 * 64 bytes high 2 bits (qh), 16 signed 8-bit sub-block scales, fp16 d. value = d * scale[j] * (q - 32).
 */
public final class Q6_KCodec implements BlockCodec {
    private static final int QK_K = 256;
    private static final int BLOCK_BYTES = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;

    /** For ServiceLoader; use {@link BlockCodec#of}. */
    public Q6_KCodec() {}

    @Override public GgmlType type() { return GgmlType.Q6_K; }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count) {
        byte[] blk = new byte[BLOCK_BYTES];
        for (int b = 0; b < count / QK_K; b++) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset + (long) b * BLOCK_BYTES, blk, 0, BLOCK_BYTES);
            float d = Fp16.toFloat((short) ((blk[D] & 0xFF) | (blk[D + 1] << 8)));
            int y = dstOffset + b * QK_K;
            for (int n = 0, ql = 0, qh = QH, sc = SCALES; n < QK_K; n += 128, ql += 64, qh += 32, sc += 8) {
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int h = blk[qh + l] & 0xFF;
                    int lo = blk[ql + l] & 0xFF;
                    int hi = blk[ql + l + 32] & 0xFF;
                    int q1 = ((lo & 0xF) | ((h & 3) << 4)) - 32;
                    int q2 = ((hi & 0xF) | (((h >>> 2) & 3) << 4)) - 32;
                    int q3 = ((lo >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
                    int q4 = ((hi >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
                    dst[y + n + l] = d * blk[sc + is] * q1;
                    dst[y + n + l + 32] = d * blk[sc + is + 2] * q2;
                    dst[y + n + l + 64] = d * blk[sc + is + 4] * q3;
                    dst[y + n + l + 96] = d * blk[sc + is + 6] * q4;
                }
            }
        }
    }

    /** llama.cpp's quantize_row_q6_K_ref (no importance matrix). */
    @Override
    public void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset) {
        int[] levels = new int[QK_K];
        float[] scales = new float[16];
        byte[] out = new byte[BLOCK_BYTES];
        for (int b = 0; b < count / QK_K; b++) {
            int x = srcOffset + b * QK_K;
            java.util.Arrays.fill(out, (byte) 0);
            float maxScale = 0;
            float maxAbsScale = 0;
            for (int ib = 0; ib < 16; ib++) {
                float scale = KQuants.makeQxQuants(16, 32, src, x + 16 * ib, levels, 16 * ib);
                scales[ib] = scale;
                if (Math.abs(scale) > maxAbsScale) {
                    maxAbsScale = Math.abs(scale);
                    maxScale = scale;
                }
            }
            if (maxAbsScale >= 1e-15f) {
                float iscale = -128.f / maxScale;
                short dBits = Fp16.fromFloat(1 / iscale);
                out[D] = (byte) dBits;
                out[D + 1] = (byte) (dBits >> 8);
                for (int ib = 0; ib < 16; ib++) {
                    out[SCALES + ib] = (byte) Math.min(127, QuantMath.nearestInt(iscale * scales[ib]));
                }
                for (int j = 0; j < 16; j++) {
                    float d = Fp16.toFloat(dBits) * out[SCALES + j];
                    if (d == 0f) continue;
                    for (int ii = 0; ii < 16; ii++) {
                        int l = QuantMath.nearestInt(src[x + 16 * j + ii] / d);
                        levels[16 * j + ii] = Math.max(-32, Math.min(31, l)) + 32;
                    }
                }
                for (int j = 0, ql = 0, qh = QH; j < QK_K; j += 128, ql += 64, qh += 32) {
                    for (int l = 0; l < 32; l++) {
                        int q1 = levels[j + l] & 0xF;
                        int q2 = levels[j + l + 32] & 0xF;
                        int q3 = levels[j + l + 64] & 0xF;
                        int q4 = levels[j + l + 96] & 0xF;
                        out[ql + l] = (byte) (q1 | (q3 << 4));
                        out[ql + l + 32] = (byte) (q2 | (q4 << 4));
                        out[qh + l] = (byte) ((levels[j + l] >> 4) | ((levels[j + l + 32] >> 4) << 2)
                                | ((levels[j + l + 64] >> 4) << 4) | ((levels[j + l + 96] >> 4) << 6));
                    }
                }
            } // else: an all-zero block, as ggml writes it
            MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, dstOffset + (long) b * BLOCK_BYTES, BLOCK_BYTES);
        }
    }
}
