package dev.lightbulb.backend.cuda;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two ways lightbulb reaches cuBLAS. Which one loads depends on the CUDA libraries the machine has; a
 * binding's native library is tried once per JVM, and why it failed is kept (a failed class initialiser
 * would only say "could not initialize class" the second time).
 */
enum CublasBinding {
    JAVACPP("JavaCPP (CUDA 13: libcublas.so.13, libcublasLt.so.13, libcudart.so.13)"),
    JCUBLAS("JCublas (CUDA 12: libcublas.so.12)");

    /** The dynamic linker's own words: "{@code <lib>.so: <what>.so.N: cannot open shared object file: ...}". */
    private static final Pattern DLOPEN = Pattern.compile(
            "\\.so[^:\\s]*: (.*(cannot open shared object file|not found|undefined symbol|wrong ELF class).*)$");

    final String label;
    private Optional<String> loadFailure;

    CublasBinding(String label) {
        this.label = label;
    }

    /** Empty when this binding's native libraries load; else what is missing, in one line. */
    synchronized Optional<String> unavailableReason() {
        if (loadFailure == null) {
            try {
                switch (this) {
                    case JAVACPP -> CublasJavaCpp.loadLibrary();
                    case JCUBLAS -> CublasJCublas.loadLibrary();
                }
                loadFailure = Optional.empty();
            } catch (LinkageError | RuntimeException e) {
                loadFailure = Optional.of(describe(e));
            }
        }
        return loadFailure;
    }

    /** A handle on the device's stream; call only when {@link #unavailableReason()} is empty. */
    Cublas open(CudaDevice device) {
        return switch (this) {
            case JAVACPP -> new CublasJavaCpp(device);
            case JCUBLAS -> new CublasJCublas(device);
        };
    }

    /** The most useful line of a native load failure: dlopen's message if any cause carries one, else the first line. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String line : String.valueOf(t.getMessage()).split("\n")) {
                Matcher m = DLOPEN.matcher(line);
                if (m.find()) return m.group(1);
            }
        }
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + ": " + first;
    }
}
