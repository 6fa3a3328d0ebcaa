package dev.lightbulb.tensor.codec;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;
import dev.lightbulb.tensor.LittleEndian;

import java.lang.foreign.MemorySegment;

/** Plain little-endian float32. */
public final class F32Codec implements BlockCodec {

    /** For ServiceLoader; use {@link BlockCodec#of}. */
    public F32Codec() {}

    @Override public GgmlType type() { return GgmlType.F32; }

    @Override
    public void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count) {
        MemorySegment.copy(src, LittleEndian.FLOAT, srcOffset, dst, dstOffset, count);
    }

    @Override
    public void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset) {
        MemorySegment.copy(src, srcOffset, dst, LittleEndian.FLOAT, dstOffset, count);
    }
}
