package dev.lightbulb.backend.cuda;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendProvider;

/** The CUDA backend: where a CUDA device answers and this build has its kernels, "auto" prefers it to the CPU. */
public final class CudaBackendProvider implements BackendProvider {
    @Override public String name() { return "cuda"; }

    @Override public int autoPriority() { return 100; }

    @Override public String unavailableReason() { return CudaBackend.unavailableReason(); }

    @Override public Backend open() { return CudaBackend.open(); }
}
