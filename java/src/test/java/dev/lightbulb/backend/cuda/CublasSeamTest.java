package dev.lightbulb.backend.cuda;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.tensor.GgmlType;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The cuBLAS seam without a GPU: which binding is tried, what the user reads when none loads, the routing rule. */
class CublasSeamTest {

    @Test
    void theSystemPropertyChoosesTheBindings() {
        List<CublasBinding> both = List.of(CublasBinding.JAVACPP, CublasBinding.JCUBLAS);
        assertEquals(both, CublasLoader.order(null));
        assertEquals(both, CublasLoader.order(" "));
        assertEquals(both, CublasLoader.order("auto"));
        assertEquals(List.of(CublasBinding.JAVACPP), CublasLoader.order("javacpp"));
        assertEquals(List.of(CublasBinding.JCUBLAS), CublasLoader.order("JCublas"));
        assertEquals(List.of(), CublasLoader.order("none"));
        LightbulbException e = assertThrows(LightbulbException.class, () -> CublasLoader.order("cublaslt"));
        assertTrue(e.getMessage().contains("lightbulb.cublas") && e.getMessage().contains("'cublaslt'"), e.getMessage());
    }

    @Test
    void withNeitherLibraryOneMessageNamesBothReasons() {
        Optional<String> javacpp = CublasBinding.JAVACPP.unavailableReason(), jcublas = CublasBinding.JCUBLAS.unavailableReason();
        assumeTrue(javacpp.isPresent() && jcublas.isPresent(), "a cuBLAS library loads on this machine");
        // Without a driver the JavaCPP binding stops at libcuda.so.1 (its cudart JNI library needs it), else at cuBLAS 13.
        assertTrue(javacpp.get().matches("lib(cuda|cudart|cublas|cublasLt)\\.so\\.\\d+: cannot open shared object file.*"), javacpp.get());
        assertTrue(jcublas.get().startsWith("libcublas.so.12: cannot open shared object file"), jcublas.get());

        String message = System.getProperty(CublasLoader.PROPERTY) == null ? CublasLoader.unavailableReason().orElseThrow() : null;
        assumeTrue(message != null, "lightbulb.cublas is set for this JVM");
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.contains(CublasBinding.JAVACPP.label + ": " + javacpp.get()), message);
        assertTrue(message.contains(CublasBinding.JCUBLAS.label + ": " + jcublas.get()), message);
        assertTrue(message.contains("LD_LIBRARY_PATH") && message.contains("lightbulb.cuda.matmul=float"), "says what to do: " + message);
    }

    @Test
    void dlopenWordsAreFoundInsideNestedMessages() {
        // JCuda's loader nests the dynamic linker's message in a multi-line report; JavaCPP's puts it in the cause.
        Throwable jcuda = new UnsatisfiedLinkError("Error while loading native library \"JCublas2-12.6.0-linux-x86_64\"\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open shared object file: No such file or directory\n\tat x");
        assertEquals("libcublas.so.12: cannot open shared object file: No such file or directory", CublasBinding.describe(jcuda));
        Throwable javacpp = new UnsatisfiedLinkError("no jnicublas in java.library.path: /usr/lib");
        javacpp.initCause(new UnsatisfiedLinkError("/cache/libjnicublas.so: undefined symbol: cublasFoo"));
        assertEquals("undefined symbol: cublasFoo", CublasBinding.describe(javacpp));
        assertEquals("NoClassDefFoundError: org/bytedeco/javacpp/Loader",
                CublasBinding.describe(new NoClassDefFoundError("org/bytedeco/javacpp/Loader\nmore")));
    }

    @Test
    void switchedOffIsSaidAsSuch() {
        String before = System.getProperty(CublasLoader.PROPERTY);
        System.setProperty(CublasLoader.PROPERTY, "none");
        try {
            String message = CublasLoader.unavailableReason().orElseThrow();
            assertTrue(message.contains("switched off") && message.contains("lightbulb.cublas=none"), message);
        } finally {
            if (before == null) System.clearProperty(CublasLoader.PROPERTY);
            else System.setProperty(CublasLoader.PROPERTY, before);
        }
    }

    @Test
    void onlyFloatAndHalfWeightMatmulsOfPrefillSizeGoToCublas() {
        for (GgmlType t : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16}) {
            assertTrue(CublasMatmul.takes(t, CublasMatmul.MIN_ROWS), t.name());
            assertTrue(CublasMatmul.takes(t, 512), t.name());
            assertFalse(CublasMatmul.takes(t, CublasMatmul.MIN_ROWS - 1), t + ": decode stays on the kernels");
        }
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            assertFalse(CublasMatmul.takes(t, 512), t + ": quantised weights stay on the kernels");
        }
    }

    @Test
    void cublasVersionsAndJCudaAddressesAreReadAsCublasAndTheDriverSeeThem() {
        assertEquals("13.0.2", Cublas.version(130002));
        assertEquals("12.6.4", Cublas.version(120604));
        CUdeviceptr p = new CUdeviceptr();
        assertEquals(0, RawAddress.of(p));
        assertEquals(40, RawAddress.of(p.withByteOffset(16).withByteOffset(24)), "byte offsets add up");
        assertEquals(0, RawAddress.of(new CUstream()));
    }

    @Test
    void typeCodesAreThoseOfBothBindings() {
        assertEquals(org.bytedeco.cuda.global.cudart.CUDA_R_32F, Cublas.DATA_32F);
        assertEquals(org.bytedeco.cuda.global.cudart.CUDA_R_16F, Cublas.DATA_16F);
        assertEquals(org.bytedeco.cuda.global.cudart.CUDA_R_16BF, Cublas.DATA_16BF);
        assertEquals(org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F, Cublas.COMPUTE_32F);
        assertEquals(org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F_FAST_TF32, Cublas.COMPUTE_32F_FAST_TF32);
        assertEquals(jcuda.cudaDataType.CUDA_R_32F, Cublas.DATA_32F);
        assertEquals(jcuda.cudaDataType.CUDA_R_16F, Cublas.DATA_16F);
        assertEquals(jcuda.cudaDataType.CUDA_R_16BF, Cublas.DATA_16BF);
        assertEquals(jcuda.jcublas.cublasComputeType.CUBLAS_COMPUTE_32F, Cublas.COMPUTE_32F);
        assertEquals(jcuda.jcublas.cublasComputeType.CUBLAS_COMPUTE_32F_FAST_TF32, Cublas.COMPUTE_32F_FAST_TF32);
    }

    @Test
    void anUnknownMatmulModeNamesTheChoices() {
        String before = System.getProperty("lightbulb.cuda.matmul");
        System.setProperty("lightbulb.cuda.matmul", "tensor");
        try {
            LightbulbException e = assertThrows(LightbulbException.class, CudaBackend::open);
            assertTrue(e.getMessage().contains("expected float, q8 or cublas, got 'tensor'"), e.getMessage());
        } finally {
            if (before == null) System.clearProperty("lightbulb.cuda.matmul");
            else System.setProperty("lightbulb.cuda.matmul", before);
        }
    }
}
