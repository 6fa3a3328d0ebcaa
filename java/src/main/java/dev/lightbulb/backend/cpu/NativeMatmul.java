package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.GgmlType;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The native AVX-512 matmul ({@code lb_cpu_matmul} of {@link NativeLibrary}): every output with the Java kernels'
 * weights, accumulators and summation order, so the same bits (tested), only faster.
 */
final class NativeMatmul {
    private NativeMatmul() {}

    private static final MethodHandle MATMUL = NativeLibrary.function("lb_cpu_matmul",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /** Whether the native matmul runs here. */
    static boolean available() {
        return MATMUL != null;
    }

    /** Weight types the native matmul takes. */
    static boolean handles(GgmlType type) {
        return switch (type) {
            case F32, Q8_0, Q4_0, Q4_K, Q6_K -> true;
            default -> false;
        };
    }

    /**
     * {@code y[r * ldy + j] = dot(weight row j, x row r)} for {@code r < rows}, {@code j0 <= j < j1}: weight row j
     * at byte {@code j * rowBytes} of {@code w}. The caller has checked every length.
     */
    static void matmul(GgmlType type, MemorySegment w, long rowBytes, int k, float[] x, int rows, float[] y, int ldy, int j0, int j1) {
        int rc;
        try {
            rc = (int) MATMUL.invokeExact(type.id(), w, rowBytes, k, MemorySegment.ofArray(x), rows, MemorySegment.ofArray(y), ldy, j0, j1);
        } catch (Throwable t) {
            throw new IllegalStateException("native matmul failed", t);
        }
        if (rc != 0) throw new IllegalStateException("native matmul refused " + type + " with k = " + k + " (code " + rc + ")");
    }
}
