package dev.lightbulb.backend.cuda;

/** Run in a child JVM by {@link CublasNativesTest}: prints each binding and why it does not load ("loaded" if it does). */
public final class CublasLoadProbe {
    private CublasLoadProbe() {}

    public static void main(String[] args) {
        for (CublasBinding b : CublasBinding.values()) {
            System.out.println(b.name() + "\t" + b.unavailableReason().orElse("loaded"));
        }
    }
}
