package dev.lightbulb.backend;

import dev.lightbulb.LightbulbException;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The one place that turns a backend name into a backend: a provider's name ("cpu", "cuda"), or "auto" (the available
 * backend with the highest {@link BackendProvider#autoPriority}: CUDA when a CUDA device answers, else CPU). Backends
 * plug in as {@link BackendProvider}s found with {@link ServiceLoader}.
 */
public final class Backends {
    private Backends() {}

    private static final class Loaded {
        static final List<BackendProvider> PROVIDERS = ServiceLoader.load(BackendProvider.class, BackendProvider.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(BackendProvider::autoPriority).reversed()).toList();
    }

    public static Backend create(String name) {
        String wanted = name == null ? "auto" : name.toLowerCase(Locale.ROOT);
        if (wanted.equals("auto")) return auto();
        for (BackendProvider p : Loaded.PROVIDERS) {
            if (!p.name().equals(wanted)) continue;
            String reason = p.unavailableReason();
            if (!reason.isEmpty()) {
                throw new LightbulbException("--backend " + wanted + ": " + reason + " (use --backend cpu or auto)");
            }
            return p.open();
        }
        throw new LightbulbException("--backend: unknown backend '" + name + "' (expected auto, "
                + Loaded.PROVIDERS.reversed().stream().map(BackendProvider::name).collect(Collectors.joining(" or ")) + ")");
    }

    /** Whether a CUDA device answers and this build has its kernels. */
    public static boolean cudaAvailable() {
        return Loaded.PROVIDERS.stream().anyMatch(p -> p.name().equals("cuda") && p.unavailableReason().isEmpty());
    }

    /**
     * The first available backend by priority. One whose device answers but cannot run the kernels (too old a GPU or
     * driver) is skipped with a line on stderr saying so.
     */
    private static Backend auto() {
        LightbulbException last = null;
        for (BackendProvider p : Loaded.PROVIDERS) {
            if (!p.unavailableReason().isEmpty()) continue;
            try {
                Backend b = p.open();
                if (last != null) System.err.println("lightbulb: " + last.getMessage() + "; using the " + p.name() + " backend");
                return b;
            } catch (LightbulbException e) {
                last = e;
            }
        }
        throw last != null ? last : new LightbulbException("--backend auto: no backend is available in this build");
    }
}
