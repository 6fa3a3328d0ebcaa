package dev.lightbulb.backend.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Java launch sites of the training ops, checked without a GPU: {@link FakeDriverLaunches} runs in a JVM whose
 * libcuda is CMake's stand-in (native/fake_driver.cpp, built into build/native/fake_cuda), which checks every launch
 * against the kernels' PTX signatures (argument count and kinds, pointers into allocations, launch bounds). Skipped
 * when the native build is missing (no nvcc).
 */
class FakeDriverLaunchesTest {

    /** build/native of the repository (tests run in java/ under Maven, or at the root). */
    private static Path nativeBuild() {
        return Stream.of(Path.of("../build/native"), Path.of("build/native"))
                .filter(p -> Files.exists(p.resolve("fake_cuda/libcuda.so.1")) && Files.exists(p.resolve("lightbulb.ptx")))
                .findFirst().map(Path::toAbsolutePath).orElse(null);
    }

    @Test
    void everyTrainingOpLaunchesItsKernelsWithTheirSignatures() throws IOException, InterruptedException {
        Path dir = nativeBuild();
        assumeTrue(dir != null, "no native build with the stand-in driver: cmake -S . -B build && cmake --build build");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), FakeDriverLaunches.class.getName()).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", dir.resolve("fake_cuda").toString());
        pb.environment().put("LB_FAKE_CUDA_PTX", dir.resolve("lightbulb.ptx").toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launching JVM did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("FakeDriverLaunches: every training op called"), text);
        Matcher m = Pattern.compile("launch signatures: (\\d+) launches, (\\d+) mismatches").matcher(text);
        assertTrue(m.find(), text);
        assertEquals("0", m.group(2), text);
        Matcher never = Pattern.compile("never launched:(.*)").matcher(text);
        List<String> notLaunched = never.find() ? List.of(never.group(1).trim().split(" ")) : List.of();
        for (String kernel : CudaTrainingOps.kernelNames()) assertFalse(notLaunched.contains(kernel), kernel + " was never launched\n" + text);
    }
}
