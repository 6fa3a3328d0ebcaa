package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The 16-lane Q8_0/Q4_0 dots give the bits of decoding the row with the codec and calling {@link VectorDot#dot}. */
class BlockDotTest {

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0"})
    void dotIsBitIdenticalToCodecThenDot(GgmlType type) {
        Assumptions.assumeTrue(BlockDot.available(), "these kernels need 16-lane float vectors");
        Random random = new Random(type.ordinal() * 7L + 1);
        for (int k : new int[] {32, 64, 96, 288, 4096, 4128}) {   // k % 64 == 32 takes the one-block tail
            long rowBytes = type.bytesFor(k);
            MemorySegment w = QuantizedRowTest.randomBlocks(type, random, 3 * k, 5);
            float[] x = new float[k + 3];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            float[] decoded = new float[k];
            for (int r = 0; r < 3; r++) {
                long off = 5 + r * rowBytes;
                BlockCodec.of(type).dequantize(w, off, decoded, 0, k);
                float expected = VectorDot.dot(decoded, 0, x, 3, k);
                float actual = type == GgmlType.Q8_0 ? BlockDot.q8_0(w, off, x, 3, k) : BlockDot.q4_0(w, off, x, 3, k);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), type + " k=" + k + " row " + r);
            }
        }
    }
}
