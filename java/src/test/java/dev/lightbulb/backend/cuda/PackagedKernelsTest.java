package dev.lightbulb.backend.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The fatbin the jar carries (when CMake built it) holds every kernel the backend launches. */
class PackagedKernelsTest {

    @Test
    void fatbinHasEveryKernelTheBackendLaunches() throws IOException {
        assumeTrue(KernelLibrary.isPackaged(), "kernels not built (no nvcc): cmake -S . -B build && cmake --build build");
        byte[] fatbin;
        try (InputStream in = KernelLibrary.class.getResourceAsStream(KernelLibrary.RESOURCE)) {
            fatbin = in.readAllBytes();
        }
        // fatbin container magic 0xBA55ED50, little-endian
        assertEquals(0xBA55ED50, (fatbin[0] & 0xFF) | (fatbin[1] & 0xFF) << 8 | (fatbin[2] & 0xFF) << 16 | (fatbin[3] & 0xFF) << 24);
        String text = new String(fatbin, StandardCharsets.ISO_8859_1);
        for (String name : java.util.stream.Stream.concat(CudaBackend.kernelNames().stream(), CudaTrainingOps.kernelNames().stream()).toList()) {
            assertTrue(text.contains(name + '\0'), "the fatbin lacks kernel " + name);
        }
    }

    @Test
    void kernelNamesCoverEveryWeightType() {
        // 12 shared kernels (2 of them the F16/BF16 conversions for cuBLAS) + matmul (a column per warp and four
        // per warp) and embedding for 7 types + decode and mma for 4 quantised types
        assertEquals(12 + 21 + 8, CudaBackend.kernelNames().size());
        assertEquals(CudaBackend.kernelNames().size(), CudaBackend.kernelNames().stream().distinct().count());
    }

    @Test
    void trainingKernelNamesCoverEveryOpAndWeightType() {
        // 17 training kernels (matmul weight and bias gradients, RMSNorm 2, SwiGLU, RoPE, embedding, attention 4,
        // cross-entropy, AdamW, sum of squares 2, scale, axpy) + the input gradient for 7 weight types
        assertEquals(17 + 7, CudaTrainingOps.kernelNames().size());
        assertEquals(CudaTrainingOps.kernelNames().size(), CudaTrainingOps.kernelNames().stream().distinct().count());
        assertTrue(CudaTrainingOps.kernelNames().stream().noneMatch(CudaBackend.kernelNames()::contains));
    }
}
