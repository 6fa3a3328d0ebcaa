package dev.lightbulb.tensor.codec;

import dev.lightbulb.tensor.Bf16;
import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.LittleEndian;

import java.lang.foreign.MemorySegment;

/** bfloat16, one value per 2 bytes. */
public final class Bf16Codec implements BlockCodec {

    /** For ServiceLoader; use {@link BlockCodec#of}. */
    public Bf16Codec() {}

    @Override public GgmlType type() { return GgmlType.BF16; }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = Bf16.toFloat(src.get(LittleEndian.SHORT, srcOffset + 2L * i));
        }
    }

    @Override
    public void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset) {
        for (int i = 0; i < count; i++) {
            dst.set(LittleEndian.SHORT, dstOffset + 2L * i, Bf16.fromFloat(src[srcOffset + i]));
        }
    }
}
