package dev.lightbulb.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Encodes and decodes one ggml element type, block by block, with llama.cpp's exact byte layout.
 * {@code count} is always a multiple of {@link GgmlType#blockSize()}; byte offsets point at a block start.
 *
 * <p>Implementations live in {@code tensor.codec} and are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.lightbulb.tensor.BlockCodec}), so this package needs nothing from the one below it.
 */
public interface BlockCodec {

    GgmlType type();

    /** Decodes {@code count} values stored at {@code src[srcOffset..]} into {@code dst[dstOffset..]}. */
    void dequantize(MemorySegment src, long srcOffset, float[] dst, int dstOffset, int count);

    /** Encodes {@code count} values from {@code src[srcOffset..]} into {@code dst[dstOffset..]} (llama.cpp's reference quantiser). */
    void quantize(float[] src, int srcOffset, int count, MemorySegment dst, long dstOffset);

    /** The codec for a type lightbulb can compute with. */
    static BlockCodec of(GgmlType type) {
        return CodecRegistry.codec(type);
    }
}
