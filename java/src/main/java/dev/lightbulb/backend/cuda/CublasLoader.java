package dev.lightbulb.backend.cuda;

import dev.lightbulb.LightbulbException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the cuBLAS binding at run time: JavaCPP (CUDA 13) first, then JCublas (CUDA 12), or the one the system
 * property {@value #PROPERTY} names ({@code auto | javacpp | jcublas | none}). When none loads, one message
 * names every binding tried and why it did not load.
 */
final class CublasLoader {
    static final String PROPERTY = "lightbulb.cublas";

    private CublasLoader() {}

    /** The bindings to try, in order, for a value of {@value #PROPERTY} (null or blank: auto). */
    static List<CublasBinding> order(String value) {
        String v = value == null ? "auto" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "auto" -> List.of(CublasBinding.JAVACPP, CublasBinding.JCUBLAS);
            case "javacpp" -> List.of(CublasBinding.JAVACPP);
            case "jcublas" -> List.of(CublasBinding.JCUBLAS);
            case "none" -> List.of();
            default -> throw new LightbulbException("system property " + PROPERTY + ": expected auto, javacpp, jcublas or none, got '" + value + "'");
        };
    }

    /** A cuBLAS handle on the device's stream, through the first binding that loads. */
    static Cublas open(CudaDevice device) {
        List<CublasBinding> order = order(System.getProperty(PROPERTY));
        return firstLoadable(order).orElseThrow(() -> new LightbulbException(message(order))).open(device);
    }

    /** Empty when a binding loads (with the current {@value #PROPERTY}); else the message {@link #open} would throw. */
    static Optional<String> unavailableReason() {
        List<CublasBinding> order = order(System.getProperty(PROPERTY));
        return firstLoadable(order).isPresent() ? Optional.empty() : Optional.of(message(order));
    }

    private static Optional<CublasBinding> firstLoadable(List<CublasBinding> order) {
        return order.stream().filter(b -> b.unavailableReason().isEmpty()).findFirst();
    }

    private static String message(List<CublasBinding> order) {
        if (order.isEmpty()) return "cuBLAS is switched off (-D" + PROPERTY + "=none); use -Dlightbulb.cuda.matmul=float";
        List<String> reasons = new ArrayList<>();
        for (CublasBinding b : order) reasons.add(b.label + ": " + b.unavailableReason().orElse("loaded"));
        return "cuBLAS could not be loaded. " + String.join("; ", reasons)
                + ". Put the folder holding libcublas.so.13 (a CUDA 13 toolkit's lib64, or a Python venv's nvidia/cu13/lib)"
                + " on LD_LIBRARY_PATH, or use -Dlightbulb.cuda.matmul=float";
    }
}
