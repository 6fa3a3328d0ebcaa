package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The vectorised row decoders give exactly the reference codec's floats, on random bytes at odd offsets. */
class RowDecoderTest {

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q5_0", "Q4_K", "Q6_K"})
    void decodingIsBitIdenticalToTheCodec(GgmlType type) {
        Random random = new Random(type.ordinal());
        for (int k : new int[] {256, 512, 2816}) {
            if (k % type.blockSize() != 0) continue;
            long bytes = type.bytesFor(k);
            MemorySegment seg = Arena.ofAuto().allocate(bytes + 3);
            for (long i = 0; i < seg.byteSize(); i++) seg.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
            // finite scales for the block types: overwrite each block's f16 d with a random normal value
            if (type == GgmlType.Q8_0 || type == GgmlType.Q4_0 || type == GgmlType.Q5_0) {
                for (long b = 3; b < bytes + 3; b += type.blockBytes()) {
                    seg.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), b, Float.floatToFloat16((float) random.nextGaussian()));
                }
            }
            float[] expected = new float[k], actual = new float[k];
            BlockCodec.of(type).dequantize(seg, 3, expected, 0, k);
            RowDecoder.decode(type, seg, 3, actual, k);
            for (int i = 0; i < k; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), type + " k=" + k + " element " + i);
            }
        }
    }
}
