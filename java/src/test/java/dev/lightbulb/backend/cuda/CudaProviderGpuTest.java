package dev.lightbulb.backend.cuda;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.engine.Engine;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.model.io.BundledModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where a GPU answers: "auto" finds the CUDA provider through ServiceLoader, and a context beyond the device's memory is refused in words. */
@Tag("gpu")
class CudaProviderGpuTest {
    @Test
    void autoPicksTheCudaProviderAndItsFreeMemoryBoundsTheContext() {
        assumeTrue(CudaBackend.isAvailable(), "no CUDA device: " + CudaBackend.unavailableReason());
        assertTrue(Backends.cudaAvailable());
        try (Backend b = Backends.create("auto")) {
            assertEquals("cuda", b.name());
            long free = b.availableMemory();
            assertTrue(free > (1L << 30) && free < (1L << 40), "free device memory " + free);
            try (LoadedModel m = LoadedModel.open(BundledModels.stories260K(), null, b, 1_000_000_000)) {
                LightbulbException e = assertThrows(LightbulbException.class, () -> Engine.defaultOptions(m.model(), 4));
                assertTrue(e.getMessage().startsWith("a context of 1000000000 positions needs 1192.09 GiB of KV cache")
                        && e.getMessage().contains("the cuda backend has free"), e.getMessage());
            }
            try (LoadedModel m = LoadedModel.open(BundledModels.stories260K(), null, b, 4096)) {
                assertTrue(Engine.defaultOptions(m.model(), 4).kvBlocks() >= 4096 / 16);
            }
        }
    }
}
