package dev.lightbulb.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The codec registry: found through ServiceLoader, one codec for each type lightbulb computes with, none for the rest. */
class BlockCodecTest {
    @Test
    void everySupportedTypeHasItsCodec() {
        for (GgmlType t : GgmlType.values()) {
            if (t.isSupported()) {
                assertEquals(t, BlockCodec.of(t).type());
                assertSame(BlockCodec.of(t), BlockCodec.of(t), "loaded once");
            } else {
                assertThrows(IllegalArgumentException.class, () -> BlockCodec.of(t), t.toString());
            }
        }
    }
}
