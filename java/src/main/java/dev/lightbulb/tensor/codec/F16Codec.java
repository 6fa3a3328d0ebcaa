package dev.lightbulb.tensor.codec;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.Fp16;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.LittleEndian;

import java.lang.foreign.MemorySegment;

/** IEEE half precision, one value per 2 bytes. */
public final class F16Codec implements BlockCodec {

    /** For ServiceLoader; use {@link BlockCodec#of}. */
    public F16Codec() {}

    @Override public GgmlType type() { return GgmlType.F16; }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = Fp16.toFloat(src.get(LittleEndian.SHORT, srcOffset + 2L * i));
        }
    }

    @Override
    public void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset) {
        for (int i = 0; i < count; i++) {
            dst.set(LittleEndian.SHORT, dstOffset + 2L * i, Fp16.fromFloat(src[srcOffset + i]));
        }
    }
}
