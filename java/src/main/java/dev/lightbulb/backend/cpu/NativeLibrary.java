package dev.lightbulb.backend.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The native CPU kernels ({@code cpukernels/}, {@code liblightbulb_cpu.so}), loaded once through the FFM API.
 * They compute with the Java kernels' numerics, bit for bit (tested), only faster; {@link NativeMatmul} and
 * {@link NativeAttention} bind their entry points. The library is used when all of these hold, else the Java
 * kernels run:
 * <ul>
 *   <li>it is found: {@code -Dlightbulb.cpu.library=PATH}, or the copy the jar carries (built by CMake before the
 *       jar: {@code cmake -S . -B build && cmake --build build}) for Linux on x86-64;</li>
 *   <li>this CPU has AVX-512 (F, BW), F16C and FMA, and the Vector API's preferred float vector has 16 lanes
 *       (the Java order the native code reproduces);</li>
 *   <li>{@code -Dlightbulb.cpu.native} is not {@code off}.</li>
 * </ul>
 * Arrays are passed in place ({@link Linker.Option#critical}: no copy; a call holds off the garbage collector
 * for the few milliseconds it runs).
 */
final class NativeLibrary {
    private NativeLibrary() {}

    static final String RESOURCE = "/dev/lightbulb/backend/cpu/linux-x86_64/liblightbulb_cpu.so";
    /** lb_cpu_abi_version of the library this code calls. */
    private static final int ABI_VERSION = 2;

    /** The library's symbols, or why there are none. */
    private static final Object LOOKUP_OR_REASON = load();

    /** Whether the native kernels run here. */
    static boolean available() {
        return LOOKUP_OR_REASON instanceof SymbolLookup;
    }

    /** "native AVX-512 kernels", or why the Java kernels run instead. */
    static String describe() {
        return available() ? "native AVX-512 kernels" : "Java kernels (" + LOOKUP_OR_REASON + ")";
    }

    /** A downcall to {@code name}, taking heap arrays in place; null where the library is not available. */
    static MethodHandle function(String name, FunctionDescriptor descriptor) {
        if (!(LOOKUP_OR_REASON instanceof SymbolLookup lib)) return null;
        return Linker.nativeLinker().downcallHandle(lib.findOrThrow(name), descriptor, Linker.Option.critical(true));
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
            if (abi != ABI_VERSION) return "liblightbulb_cpu.so has interface " + abi + ", this jar needs " + ABI_VERSION + " (rebuild cpukernels/)";
            int cpu = (int) linker.downcallHandle(lib.findOrThrow("lb_cpu_available"), FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
            if (cpu != 1) return "this CPU lacks AVX-512 F/BW, F16C or FMA";
            return lib;
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
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return Optional.empty();
            Path tmp = Files.createTempFile("liblightbulb_cpu", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(tmp);
        }
    }
}
