package dev.lightbulb.backend.cuda;

import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.junit.jupiter.api.Assertions.*;

/** The CUDA training ops are unverified: the backend offers them only behind an explicit opt-in, and says how. */
@ResourceLock("system-property:" + CudaTrainingOps.OPT_IN_PROPERTY)
class CudaTrainingOptInTest {

    @Test
    void withoutTheOptInTheErrorSaysWhyAndHow() {
        String before = System.clearProperty(CudaTrainingOps.OPT_IN_PROPERTY);
        try {
            LightbulbException e = assertThrows(LightbulbException.class, CudaTrainingOps::requireOptIn);
            assertTrue(e.getMessage().contains("not been verified on a GPU"), e.getMessage());
            assertTrue(e.getMessage().contains("--backend cpu"), e.getMessage());
            assertTrue(e.getMessage().contains("-Dlightbulb.cuda.training=unverified"), e.getMessage());
            System.setProperty(CudaTrainingOps.OPT_IN_PROPERTY, "yes");   // only the one value opts in
            assertThrows(LightbulbException.class, CudaTrainingOps::requireOptIn);
            System.setProperty(CudaTrainingOps.OPT_IN_PROPERTY, "unverified");
            assertDoesNotThrow(CudaTrainingOps::requireOptIn);
        } finally {
            if (before == null) System.clearProperty(CudaTrainingOps.OPT_IN_PROPERTY);
            else System.setProperty(CudaTrainingOps.OPT_IN_PROPERTY, before);
        }
    }
}
