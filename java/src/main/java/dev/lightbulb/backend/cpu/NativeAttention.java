package dev.lightbulb.backend.cpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The native AVX-512 inner loops of {@link PagedAttention} ({@code lb_cpu_attention_scores} and
 * {@code lb_cpu_attention_values} of {@link NativeLibrary}): the same arithmetic, so the same bits (tested).
 */
final class NativeAttention {
    private NativeAttention() {}

    private static final MethodHandle SCORES = NativeLibrary.function("lb_cpu_attention_scores",
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS));
    private static final MethodHandle VALUES = NativeLibrary.function("lb_cpu_attention_values",
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    static boolean available() {
        return SCORES != null;
    }

    /** {@code scores[j] = VectorDot.dot(q at qOff, keyCache at keyOffsets[j], hd) * scale} for {@code j < keys}. */
    static void scores(float[] q, int qOff, float[] keyCache, int[] keyOffsets, int keys, int hd, float scale, float[] scores) {
        try {
            SCORES.invokeExact(MemorySegment.ofArray(q).asSlice(4L * qOff), MemorySegment.ofArray(keyCache), MemorySegment.ofArray(keyOffsets),
                    keys, hd, scale, MemorySegment.ofArray(scores));
        } catch (Throwable t) {
            throw new IllegalStateException("native attention scores failed", t);
        }
    }

    /** {@code out[qOff + e] = Σ_j round(value_j[e] · weights[j])}, keys in order, from 0. */
    static void values(float[] valueCache, int[] keyOffsets, float[] weights, int keys, int hd, float[] out, int qOff) {
        try {
            VALUES.invokeExact(MemorySegment.ofArray(valueCache), MemorySegment.ofArray(keyOffsets), MemorySegment.ofArray(weights),
                    keys, hd, MemorySegment.ofArray(out).asSlice(4L * qOff));
        } catch (Throwable t) {
            throw new IllegalStateException("native attention values failed", t);
        }
    }
}
