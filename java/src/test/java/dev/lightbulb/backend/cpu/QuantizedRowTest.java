package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.BlockCodec;
import dev.lightbulb.tensor.GgmlType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The unpacked rows give the reference codec's weights bit for bit, and their dot product the bits of decoding
 * the row with the codec and calling {@link VectorDot#dot}: random block bytes (finite f16 scales), several rows
 * through one reused instance, at an odd byte offset and an odd activation offset.
 */
class QuantizedRowTest {
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K", "Q6_K"})
    void weightsAndDotProductsAreBitIdenticalToTheCodecPath(GgmlType type) {
        Assumptions.assumeTrue(QuantizedRow.available(), "float vectors do not tile a 16-weight group here");
        Random random = new Random(type.ordinal() * 31L);
        for (int k : new int[] {256, 512, 768, 2816, 32, 96, 288}) {
            if (k % type.blockSize() != 0) continue;
            int rows = 3;
            long rowBytes = type.bytesFor(k);
            MemorySegment w = randomBlocks(type, random, rows * k, 3);
            float[] x = new float[k + 5];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            QuantizedRow unpacked = new QuantizedRow(type, k);
            float[] expected = new float[k], actual = new float[k];
            for (int r = 0; r < rows; r++) {
                long off = 3 + r * rowBytes;
                BlockCodec.of(type).dequantize(w, off, expected, 0, k);
                unpacked.unpack(type, w, off).decode(actual, 0);
                for (int i = 0; i < k; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), type + " k=" + k + " row " + r + " weight " + i);
                }
                assertEquals(Float.floatToRawIntBits(VectorDot.dot(expected, 0, x, 5, k)), Float.floatToRawIntBits(unpacked.dot(x, 5)),
                        type + " k=" + k + " row " + r);
            }
        }
    }

    /** Random bytes, {@code off} bytes in, with every block's f16 scales replaced by finite random values. */
    static MemorySegment randomBlocks(GgmlType type, Random random, int weights, int off) {
        long bytes = type.bytesFor(weights);
        MemorySegment seg = Arena.ofAuto().allocate(bytes + off);
        for (long i = 0; i < seg.byteSize(); i++) seg.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
        int[] scaleAt = switch (type) {
            case Q8_0, Q4_0 -> new int[] {0};
            case Q4_K -> new int[] {0, 2};
            case Q6_K -> new int[] {208};
            default -> throw new IllegalArgumentException(type.toString());
        };
        for (long b = off; b < bytes + off; b += type.blockBytes()) {
            for (int s : scaleAt) seg.set(LE_SHORT, b + s, Float.floatToFloat16((float) random.nextGaussian()));
        }
        return seg;
    }
}
