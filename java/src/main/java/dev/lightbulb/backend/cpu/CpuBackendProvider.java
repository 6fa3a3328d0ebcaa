package dev.lightbulb.backend.cpu;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendProvider;

/** The CPU backend: available everywhere, so "auto" tries it last. */
public final class CpuBackendProvider implements BackendProvider {
    @Override public String name() { return "cpu"; }

    @Override public int autoPriority() { return 0; }

    @Override public String unavailableReason() { return ""; }

    @Override public Backend open() { return new CpuBackend(); }
}
