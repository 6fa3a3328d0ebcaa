package dev.lightbulb.backend;

/**
 * One kind of backend, as {@link Backends} sees it. Implementations live beside their backend ({@code backend.cpu},
 * {@code backend.cuda}) and are listed in {@code META-INF/services/dev.lightbulb.backend.BackendProvider}, so this
 * package needs nothing from the packages below it. Adding a backend is adding a provider there.
 */
public interface BackendProvider {
    /** The {@code --backend} name, e.g. "cpu". */
    String name();

    /**
     * Where "auto" tries it: higher first. The CPU backend, which always works, has the lowest; an accelerator one
     * above it.
     */
    int autoPriority();

    /** Why this machine cannot run it (no device, no driver, no kernels in this build); empty when it can. */
    String unavailableReason();

    /** Opens the backend; a {@link dev.lightbulb.LightbulbException} says why it cannot. */
    Backend open();
}
