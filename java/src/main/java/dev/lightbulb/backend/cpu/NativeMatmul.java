package dev.lightbulb.backend.cpu;

import dev.lightbulb.tensor.GgmlType;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The native AVX-512 matmul ({@code cpukernels/}, {@code liblightbulb_cpu.so}) through the FFM API. It computes
 * every output with the Java kernels' weights, accumulators and summation order, so the two give the same bits
 * (tested); it is only faster. Used when all of these hold, else the Java kernels run:
 * <ul>
 *   <li>the library is found: {@code -Dlightbulb.cpu.library=PATH}, or the copy the jar carries (built by CMake
 *       before the jar: {@code cmake -S . -B build && cmake --build build}) for Linux on x86-64;</li>
 *   <li>this CPU has AVX-512 (F, BW), F16C and FMA, and the Vector API's preferred float vector has 16 lanes
 *       (the Java order the native code reproduces);</li>
 *   <li>{@code -Dlightbulb.cpu.native} is not {@code off}.</li>
 * </ul>
 * Arrays are passed in place ({@link Linker.Option#critical}: no copy; a call holds off the garbage collector
 * for the few milliseconds it runs).
 */
final class NativeMatmul {
    private NativeMatmul() {}

    static final String RESOURCE = "/dev/lightbulb/backend/cpu/linux-x86_64/liblightbulb_cpu.so";
    private static final int ABI_VERSION = 1;

    /** The loaded library's matmul, or why there is none. */
    private static final Object HANDLE_OR_REASON = load();

    /** Whether the native matmul runs here. */
    static boolean available() {
        return HANDLE_OR_REASON instanceof MethodHandle;
    }

    /** "native AVX-512 matmul", or why the Java kernels run instead. */
    static String describe() {
        return available() ? "native AVX-512 matmul" : "Java matmul (" + HANDLE_OR_REASON + ")";
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
            rc = (int) ((MethodHandle) HANDLE_OR_REASON).invokeExact(type.id(), w, rowBytes, k,
                    MemorySegment.ofArray(x), rows, MemorySegment.ofArray(y), ldy, j0, j1);
        } catch (Throwable t) {
            throw new IllegalStateException("native matmul failed", t);
        }
        if (rc != 0) throw new IllegalStateException("native matmul refused " + type + " with k = " + k + " (code " + rc + ")");
    }

    private static Object load() {
        if ("off".equalsIgnoreCase(System.getProperty("lightbulb.cpu.native", "auto"))) return "-Dlightbulb.cpu.native=off";
        if (VectorDot.SPECIES.length() != 16) return "the Vector API has " + VectorDot.SPECIES.length() + " float lanes, not 16";
        try {
            Optional<Path> file = library();
            if (file.isEmpty()) return "no liblightbulb_cpu.so: build cpukernels/ with CMake before the jar";
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup(file.get(), Arena.global());
            int abi = (int) linker.downcallHandle(lib.findOrThrow("lb_cpu_abi_version"), FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
            if (abi != ABI_VERSION) return "liblightbulb_cpu.so has interface " + abi + ", this jar needs " + ABI_VERSION;
            int cpu = (int) linker.downcallHandle(lib.findOrThrow("lb_cpu_available"), FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
            if (cpu != 1) return "this CPU lacks AVX-512 F/BW, F16C or FMA";
            return linker.downcallHandle(lib.findOrThrow("lb_cpu_matmul"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                    Linker.Option.critical(true));
        } catch (Throwable t) {   // a library that does not load means the Java kernels, never a failed run
            return "liblightbulb_cpu.so did not load: " + t;
        }
    }

    /** The library file: the one named by -Dlightbulb.cpu.library, else the jar's copy written to a temporary file. */
    private static Optional<Path> library() throws IOException {
        String named = System.getProperty("lightbulb.cpu.library");
        if (named != null && !named.isBlank()) return Optional.of(Path.of(named));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT), arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) return Optional.empty();
        try (InputStream in = NativeMatmul.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return Optional.empty();
            Path tmp = Files.createTempFile("liblightbulb_cpu", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(tmp);
        }
    }
}
